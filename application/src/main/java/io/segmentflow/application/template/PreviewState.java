package io.segmentflow.application.template;

import java.util.Objects;

/**
 * The template state a preview renders with, each a JSON object text: {@code data} (a send's payload),
 * {@code profile} (the recipient's properties) and {@code event} (a triggering event).
 */
public record PreviewState(String data, String profile, String event) {
    public static final PreviewState EMPTY = new PreviewState("{}", "{}", "{}");

    public PreviewState {
        Objects.requireNonNull(data);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(event);
    }
}
