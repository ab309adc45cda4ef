package io.segmentflow.domain.audience;

import io.segmentflow.domain.shared.Sha256;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The link that hands a Broadcast or a NewsletterIssue to a person to send it now. Its token is random, shown once
 * and stored only as a digest, so a copy of the database confirms nothing; it can be redeemed once, within
 * {@link #LIFETIME}.
 */
public final class CarrierConfirmation {
    public static final Duration LIFETIME = Duration.ofMinutes(15);
    static final String TOKEN_PREFIX = "cfm_";
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String tokenHash;
    private final CarrierRef carrier;
    private final Instant createdAt;
    private final Instant expiresAt;
    private Instant usedAt;

    /** A new confirmation and its token, which exists only here and in the link made of it. */
    public record Issued(CarrierConfirmation confirmation, String token) {}

    private CarrierConfirmation(
            String tokenHash, CarrierRef carrier, Instant createdAt, Instant expiresAt, Instant usedAt) {
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.carrier = Objects.requireNonNull(carrier);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        this.usedAt = usedAt;
    }

    public static Issued issue(CarrierRef carrier, Instant now) {
        byte[] random = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(random);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new Issued(new CarrierConfirmation(hashOf(token), carrier, now, now.plus(LIFETIME), null), token);
    }

    public static CarrierConfirmation restore(
            String tokenHash, CarrierRef carrier, Instant createdAt, Instant expiresAt, Instant usedAt) {
        return new CarrierConfirmation(tokenHash, carrier, createdAt, expiresAt, usedAt);
    }

    /** The digest a token is stored and looked up under. */
    public static String hashOf(String token) {
        return Sha256.ofUtf8(token);
    }

    /** Whether the text could be a token at all (so that no look-up is made for garbage). */
    public static boolean looksLikeToken(String text) {
        return text != null
                && text.length() == TOKEN_PREFIX.length() + 43
                && text.startsWith(TOKEN_PREFIX)
                && text.substring(TOKEN_PREFIX.length()).chars().allMatch(CarrierConfirmation::isBase64Url);
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Refuses a link that was used or has expired; says nothing else. */
    public void requireUsable(Instant now) {
        if (usedAt != null) {
            throw new ConfirmationRefusedException(
                    ConfirmationRefusedException.Reason.USED, "this confirmation link was already used");
        }
        if (!now.isBefore(expiresAt)) {
            throw new ConfirmationRefusedException(
                    ConfirmationRefusedException.Reason.EXPIRED, "this confirmation link expired at " + expiresAt);
        }
    }

    /** Uses the link up: it confirms once. */
    public void redeem(Instant now) {
        requireUsable(now);
        usedAt = now;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public CarrierRef carrier() {
        return carrier;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** When it was redeemed; null while it was not. */
    public Instant usedAt() {
        return usedAt;
    }
}
