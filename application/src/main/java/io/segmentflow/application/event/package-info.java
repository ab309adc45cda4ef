/** events.track: business events recorded once per key, the Journeys they enroll the Profile in, and search. */
package io.segmentflow.application.event;
