/** Refusals with stable codes that every inbound adapter turns into its own form. */
package io.segmentflow.application.error;
