/**
 * Segmentflow's use cases (inbound ports), the outbound ports they need, and the services that carry
 * them out. Plain Java: adapters call in through the use cases and are called through the ports.
 */
package io.segmentflow.application;
