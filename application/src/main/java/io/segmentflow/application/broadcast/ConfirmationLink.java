package io.segmentflow.application.broadcast;

import java.time.Instant;

/** The dashboard page where a person confirms an audience send; it works once, until {@code expiresAt}. */
public record ConfirmationLink(String url, Instant expiresAt) {}
