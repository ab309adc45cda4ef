/** Templates and their immutable snapshots. */
package io.segmentflow.domain.template;
