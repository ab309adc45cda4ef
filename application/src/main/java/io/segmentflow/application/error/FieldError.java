package io.segmentflow.application.error;

/** One thing wrong with one input field, named as the caller wrote it ({@code to.email}, {@code items[3].data}). */
public record FieldError(String field, String message) {}
