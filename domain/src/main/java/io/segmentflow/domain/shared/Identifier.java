package io.segmentflow.domain.shared;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * The one id generator: a prefix naming the kind ({@code em_}, {@code tpl_}) and a 26-character,
 * time-ordered, Crockford base32 body (48 bits of milliseconds, 80 random bits), so ids sort by
 * creation and index well, and a reader of a log knows what an id names. Within one millisecond the
 * random part counts up from the previous id, so ids made one after another sort in that order too.
 */
public final class Identifier {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifier() {}

    private static long lastMillis = -1;
    private static long lastHigh;
    private static long lastLow;

    public static String next(String prefix, Instant at) {
        long millis = at.toEpochMilli();
        long high;
        long low;
        synchronized (Identifier.class) {
            if (millis == lastMillis) {
                lastLow = (lastLow + 1) & MASK_40;
                if (lastLow == 0) {
                    lastHigh = (lastHigh + 1) & MASK_40;
                }
            } else {
                byte[] random = new byte[10];
                RANDOM.nextBytes(random);
                lastHigh = bits(random, 0);
                lastLow = bits(random, 5);
                lastMillis = millis;
            }
            high = lastHigh;
            low = lastLow;
        }
        char[] body = new char[26];
        // 48-bit time in the first 10 characters (50 bits, the top two are zero).
        for (int i = 9; i >= 0; i--) {
            body[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits in the last 16 characters.
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

    /**
     * The lowest id of the kind that can be made at or after {@code at}: every id made from then on sorts at or above
     * it, so a range of ids is a range of creation times.
     */
    public static String lowestAt(String prefix, Instant at) {
        long millis = at.toEpochMilli();
        char[] body = new char[26];
        for (int i = 9; i >= 0; i--) {
            body[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 10; i < 26; i++) {
            body[i] = ALPHABET[0];
        }
        return prefix + "_" + new String(body);
    }

    private static final long MASK_40 = (1L << 40) - 1;

    private static long bits(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 5; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }
}
