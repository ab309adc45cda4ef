/** Profiles: the people a workspace sends to, and their durable properties. */
package io.segmentflow.domain.profile;
