package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Salted SHA-256 (fast, for tests only: the real port is slow on purpose), counting the checks made, so a test sees
 * that a sign-in with an unknown email checks a password as long as a known one does.
 */
public final class CountingPasswordHashes implements PasswordHashes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private int checks;

    @Override
    public String hash(String password) {
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        String hexSalt = HexFormat.of().formatHex(salt);
        return hexSalt + ":" + digest(hexSalt, password);
    }

    @Override
    public boolean matches(String password, String hash) {
        checks++;
        String[] parts = hash.split(":");
        return MessageDigest.isEqual(
                parts[1].getBytes(StandardCharsets.US_ASCII),
                digest(parts[0], password).getBytes(StandardCharsets.US_ASCII));
    }

    public int checks() {
        return checks;
    }

    private static String digest(String salt, String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest((salt + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
