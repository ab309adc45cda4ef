/**
 * Wiring: makes the plain-Java application services CDI beans, hands them their adapters and the
 * operator's configuration, and starts the application in order (schema, bootstrap key, delivery).
 */
package io.segmentflow.wiring;
