/** Outbound ports: what the application needs from the world (storage, rendering, SMTP, transactions). */
package io.segmentflow.application.port.out;
