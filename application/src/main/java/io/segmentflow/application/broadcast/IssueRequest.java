package io.segmentflow.application.broadcast;

/**
 * What a caller writes to draft or replace a NewsletterIssue.
 *
 * @param content null to send the Newsletter's default template
 * @param subject with no content, overrides the default template's subject; else null
 * @param segmentId null for every subscriber of the Newsletter
 */
public record IssueRequest(String name, ContentRequest content, String subject, String segmentId) {}
