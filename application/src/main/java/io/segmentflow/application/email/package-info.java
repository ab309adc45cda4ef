/** emails.send and the delivery of the outbox. */
package io.segmentflow.application.email;
