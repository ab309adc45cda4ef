package io.segmentflow.domain.operator;

import io.segmentflow.domain.shared.InvalidValueException;
import java.security.SecureRandom;

/**
 * What an operator's password must be: {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters (the upper bound
 * keeps a slow hash of a huge input from tying up the server), no control characters, at least
 * {@value #MIN_DISTINCT} different characters (no {@code aaaaaaaaaaaa}), and not the email address itself. Long
 * passphrases are welcome; no rule about character classes, which make passwords harder to remember, not to guess.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;
    public static final int MIN_DISTINCT = 5;

    /** A generated password: 24 characters from 56 (no look-alikes such as 0/O, 1/l/I), 139 bits. */
    private static final char[] GENERATED_ALPHABET =
            "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private static final int GENERATED_LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordPolicy() {}

    /** @throws InvalidValueException naming the field {@code password} and what is wrong with it */
    public static void check(String password, OperatorEmail email) {
        if (password == null || password.isEmpty()) {
            throw new InvalidValueException("password", "must not be empty");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new InvalidValueException("password", "must be at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidValueException("password", "must be at most " + MAX_LENGTH + " characters");
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("password", "must not contain control characters such as line breaks");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            throw new InvalidValueException("password", "must have at least " + MIN_DISTINCT + " different characters");
        }
        if (email != null && password.strip().equalsIgnoreCase(email.value())) {
            throw new InvalidValueException("password", "must not be the email address");
        }
    }

    /** A random password that passes the policy, for an account made without one. */
    public static String generate() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        while (password.length() < GENERATED_LENGTH) {
            password.append(GENERATED_ALPHABET[RANDOM.nextInt(GENERATED_ALPHABET.length)]);
        }
        String generated = password.toString();
        return generated.chars().distinct().count() >= MIN_DISTINCT ? generated : generate();
    }
}
