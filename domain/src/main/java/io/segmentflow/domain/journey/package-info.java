/**
 * Journeys: automations a Profile enters when a business event is tracked or an API call triggers them, and
 * the runs that walk a Profile through their steps (emails, waits, branches, profile updates) on durable
 * timers.
 */
package io.segmentflow.domain.journey;
