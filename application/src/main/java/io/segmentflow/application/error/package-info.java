/**
 * Refusals with stable codes that every inbound adapter turns into its own form, and the store's outage, which is
 * no refusal: the same request a few seconds later may well succeed.
 */
package io.segmentflow.application.error;
