/** Health checks for operators and orchestrators. */
package io.segmentflow.adapters.in.health;
