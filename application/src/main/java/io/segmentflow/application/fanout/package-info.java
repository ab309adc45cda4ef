/**
 * The fan-out of an audience send: a Broadcast's or NewsletterIssue's audience read in ranges of Profile ids and
 * written as EmailSends, once per member whatever the restarts.
 */
package io.segmentflow.application.fanout;
