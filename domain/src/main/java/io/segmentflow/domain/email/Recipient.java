package io.segmentflow.domain.email;

import java.util.Objects;

/** One address a send is delivered to, and how the send names it. */
public record Recipient(EmailAddress address, RecipientKind kind) {
    public Recipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
    }
}
