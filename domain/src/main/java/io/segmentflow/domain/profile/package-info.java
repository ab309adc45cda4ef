/**
 * Profiles: the people a workspace sends to, known by email, by the caller's own id or both, and their durable
 * properties; the rules that find a request's Profile and merge its properties.
 */
package io.segmentflow.domain.profile;
