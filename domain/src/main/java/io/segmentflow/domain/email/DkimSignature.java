package io.segmentflow.domain.email;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether a send's message went out DKIM-signed, as its last attempt made it.
 *
 * @param domain the signing domain ({@code d=}) when signed; the From address's domain when not
 * @param reason why it was not signed, in words; null when signed
 */
public record DkimSignature(Status status, String domain, String reason) {
    public enum Status {
        SIGNED,
        UNSIGNED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public DkimSignature {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(domain, "domain");
    }

    public static DkimSignature signed(String domain) {
        return new DkimSignature(Status.SIGNED, domain, null);
    }

    public static DkimSignature unsigned(String domain, String reason) {
        return new DkimSignature(Status.UNSIGNED, domain, Objects.requireNonNull(reason, "reason"));
    }
}
