package io.segmentflow.domain.apikey;

import java.util.HashSet;
import java.util.Set;

/**
 * How hard a secret an operator chose is to guess, estimated in bits, so that it can be held to the standard
 * of a generated key: {@value #GENERATED_KEY_BITS} bits (40 characters drawn at random from 62).
 * <p>
 * The estimate is the bits of one character, log2 of the size of the character classes the secret uses
 * (16 for hexadecimal; else 10 digits, 26 lower-case letters, 26 upper-case letters, 32 other visible ASCII
 * characters), times the number of characters that count. The first two always count; each later one counts
 * unless the three characters it ends are a run or a steady step ({@code aaa}, {@code abc}, {@code 963}) or
 * were seen together before: a repeated or patterned part adds (almost) nothing. A random secret keeps nearly
 * every character. No estimate tells a long passphrase from random text reliably: that is why the README asks
 * for a key from a random generator.
 */
public record SecretStrength(int bits) {
    /** 40 characters from 62: 40 x log2(62) = 238.2 bits. */
    public static final int GENERATED_KEY_BITS = 238;

    private static final int DIGITS = 10;
    private static final int LETTERS = 26;
    private static final int SYMBOLS = 32;
    private static final int HEX_DIGITS = 16;

    /**
     * @throws IllegalArgumentException for a character outside visible ASCII, which no estimate covers and which
     *                                  an HTTP header does not carry reliably
     */
    public static SecretStrength of(String secret) {
        boolean digit = false;
        boolean lower = false;
        boolean upper = false;
        boolean symbol = false;
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "may hold only visible ASCII characters (it travels in an HTTP header)");
            }
            digit |= c >= '0' && c <= '9';
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            symbol |= !Character.isLetterOrDigit(c);
        }
        int alphabet = isHex(secret)
                ? HEX_DIGITS
                : (digit ? DIGITS : 0) + (lower ? LETTERS : 0) + (upper ? LETTERS : 0) + (symbol ? SYMBOLS : 0);
        if (alphabet < 2) {
            return new SecretStrength(0);
        }
        return new SecretStrength((int) Math.floor(countedCharacters(secret) * Math.log(alphabet) / Math.log(2)));
    }

    /** Hexadecimal in one case, with a letter: digits alone are counted as digits. */
    private static boolean isHex(String secret) {
        boolean letter = secret.chars().anyMatch(Character::isLetter);
        return letter
                && (secret.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                        || secret.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')));
    }

    public boolean matchesAGeneratedKey() {
        return bits >= GENERATED_KEY_BITS;
    }

    private static int countedCharacters(String secret) {
        int counted = Math.min(2, secret.length());
        Set<String> seen = new HashSet<>();
        for (int end = 2; end < secret.length(); end++) {
            char a = secret.charAt(end - 2);
            char b = secret.charAt(end - 1);
            char c = secret.charAt(end);
            boolean runOrStep = b - a == c - b;
            if (!runOrStep && seen.add(secret.substring(end - 2, end + 1))) {
                counted++;
            }
        }
        return counted;
    }
}
