package io.segmentflow.domain.sender;

import java.util.Locale;

/**
 * Where a sender domain's verification stands: {@code pending} until its DKIM record is found (not yet published,
 * or DNS could not be asked), {@code verified} once it is found as published here, {@code failed} when a record is
 * published under its name that is not its key.
 */
public enum SenderDomainStatus {
    PENDING,
    VERIFIED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SenderDomainStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
