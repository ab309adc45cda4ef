package io.segmentflow.domain.shared;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * The one id generator: a prefix naming the kind ({@code em_}, {@code tpl_}) and a 26-character,
 * time-ordered, Crockford base32 body (48 bits of milliseconds, 80 random bits), so ids sort by
 * creation and index well, and a reader of a log knows what an id names.
 */
public final class Identifier {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifier() {
    }

    public static String next(String prefix) {
        return next(prefix, Instant.now());
    }

    public static String next(String prefix, Instant at) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = at.toEpochMilli();
        char[] body = new char[26];
        // 48-bit time in the first 10 characters (50 bits, the top two are zero).
        for (int i = 9; i >= 0; i--) {
            body[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits in the last 16 characters.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            body[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            body[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return prefix + "_" + new String(body);
    }
}
