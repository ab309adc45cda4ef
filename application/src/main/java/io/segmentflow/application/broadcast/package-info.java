/**
 * Audience sends: Broadcasts and Newsletters with their Issues drafted, checked before they go (preflight, a test
 * send), scheduled, cancelled, handed to a person to confirm, started when due or confirmed, and their results.
 * No use case here sends an audience now on an API call: a person confirms, or the time comes.
 */
package io.segmentflow.application.broadcast;
