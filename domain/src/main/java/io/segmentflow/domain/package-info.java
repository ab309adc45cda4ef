/**
 * Segmentflow's domain model: aggregates, value objects and their rules, in plain Java.
 * Nothing here knows about HTTP, JPA, SMTP or templates engines.
 */
package io.segmentflow.domain;
