package io.segmentflow.adapters.out.password;

import io.segmentflow.application.port.out.PasswordHashes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with HMAC-SHA512, a random 32-byte salt per password and {@value #ITERATIONS} iterations (OWASP's advice for
 * this function). A hash reads {@code PBKDF2WithHmacSHA512:<iterations>:<salt>:<hash>} (Base64), the form Jakarta
 * Security's {@code Pbkdf2PasswordHash} writes; a hash keeps its own iteration count, so raising the count later
 * leaves older hashes readable.
 */
public final class Pbkdf2PasswordHashes implements PasswordHashes {
    static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 32;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public Pbkdf2PasswordHashes() {
        this(ITERATIONS);
    }

    /** Fewer iterations, for tests that hash many passwords. */
    Pbkdf2PasswordHashes(int iterations) {
        this.iterations = iterations;
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BITS);
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    @Override
    public boolean matches(String password, String stored) {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            throw new IllegalArgumentException("not a password hash of this form: " + parts[0]);
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, salt, Integer.parseInt(parts[1]), expected.length * 8);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bits) {
        // The JDK's PBKDF2 hashes the password's UTF-8 bytes, as other implementations do.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }
}
