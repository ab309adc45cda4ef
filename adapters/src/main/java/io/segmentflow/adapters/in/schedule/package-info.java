/** The scheduler of audience sends: starts Broadcasts and NewsletterIssues whose scheduled time has come. */
package io.segmentflow.adapters.in.schedule;
