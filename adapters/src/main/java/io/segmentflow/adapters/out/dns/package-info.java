/** DNS look-ups (dnsjava): the TXT records a sender domain's verification reads. */
package io.segmentflow.adapters.out.dns;
