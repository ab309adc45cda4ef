/** Newsletters and their Issues: recurring editorial content sent to a subscription group's subscribers. */
package io.segmentflow.domain.newsletter;
