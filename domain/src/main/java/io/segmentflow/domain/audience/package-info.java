/**
 * Audience sends: who a Broadcast or a NewsletterIssue goes to (a segment of Profiles within a subscription group),
 * each member's consent, and the carrier that an audience's EmailSends belong to.
 */
package io.segmentflow.domain.audience;
