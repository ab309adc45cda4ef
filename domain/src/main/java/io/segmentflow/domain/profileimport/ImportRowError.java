package io.segmentflow.domain.profileimport;

import java.util.Objects;

/**
 * Why an import left one row out: the row's line in the file (its first line, for a CSV row whose quoted values span
 * lines), a stable code and a message for a person.
 */
public record ImportRowError(long line, String code, String message) {
    /** A message is cut to this many characters, so that a hostile value cannot make the error list large. */
    public static final int MAX_MESSAGE_LENGTH = 500;

    public ImportRowError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
        }
    }
}
