package io.segmentflow.adapters.out.unsubscribe;

import io.segmentflow.application.port.out.UnsubscribeLinks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links {@code <public URL>/unsubscribe/<profile id>.<group id>.<signature>}, where the signature is HMAC-SHA256 of
 * both ids under the server's key. The token holds nothing but the two opaque ids the recipient's own email is about;
 * changing either, or a token signed under another key (another server), fails the signature, which is compared in
 * constant time. The key is asked for once, when the first link is made or read.
 */
public final class SignedUnsubscribeLinks implements UnsubscribeLinks {
    /** The path of the links under the public URL; the unsubscribe page answers there. */
    public static final String PATH = "/unsubscribe/";

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,40}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final String base;
    private final Supplier<byte[]> keySource;
    private volatile SecretKeySpec key;

    /**
     * @param publicUrl the server's public base URL (SEGMENTFLOW_PUBLIC_URL), without a trailing slash or with one
     * @param keySource the signing key, asked for once
     */
    public SignedUnsubscribeLinks(String publicUrl, Supplier<byte[]> keySource) {
        String trimmed = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        if (!trimmed.startsWith("https://") && !trimmed.startsWith("http://")) {
            throw new IllegalArgumentException("the public URL must start with https:// or http://");
        }
        if (trimmed.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '"' || c == 127)) {
            throw new IllegalArgumentException("the public URL holds no spaces, control characters or brackets");
        }
        this.base = trimmed + PATH;
        this.keySource = keySource;
    }

    @Override
    public String linkFor(String profileId, String subscriptionGroupId) {
        if (!ID.matcher(profileId).matches() || !ID.matcher(subscriptionGroupId).matches()) {
            throw new IllegalArgumentException("ids of Profiles and groups are lower-case letters, digits and '_'");
        }
        return base + profileId + "." + subscriptionGroupId + "." + signature(profileId, subscriptionGroupId);
    }

    @Override
    public Optional<Target> read(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3
                || !ID.matcher(parts[0]).matches()
                || !ID.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        byte[] expected = signature(parts[0], parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] given = parts[2].getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(new Target(parts[0], parts[1])) : Optional.empty();
    }

    private String signature(String profileId, String subscriptionGroupId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key());
            mac.update(("unsubscribe\n" + profileId + "\n" + subscriptionGroupId).getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec known = key;
        if (known == null) {
            byte[] bytes = keySource.get();
            if (bytes.length < 32) {
                throw new IllegalStateException("the unsubscribe link key must be at least 32 bytes");
            }
            known = new SecretKeySpec(bytes, ALGORITHM);
            key = known;
        }
        return known;
    }
}
