/**
 * What the dashboard's overview reads of the outbox: sends per minute by what happened to them, and the backlog
 * waiting for delivery.
 */
package io.segmentflow.application.statistics;
