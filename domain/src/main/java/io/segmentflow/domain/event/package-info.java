/** Business events a workspace's backend reports (events.track), which Journeys react to. */
package io.segmentflow.domain.event;
