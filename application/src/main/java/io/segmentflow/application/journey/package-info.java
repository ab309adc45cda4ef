/** Journeys: their definitions and lifecycle, journeys.trigger, and the advance of runs on their timers. */
package io.segmentflow.application.journey;
