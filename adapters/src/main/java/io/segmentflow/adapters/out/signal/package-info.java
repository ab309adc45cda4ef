/** The dispatch signal: tells this node's delivery side, as CDI events, that sends fell due before its next poll. */
package io.segmentflow.adapters.out.signal;
