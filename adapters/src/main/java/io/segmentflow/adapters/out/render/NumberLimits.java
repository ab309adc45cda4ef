package io.segmentflow.adapters.out.render;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How large the numbers a template computes with may be. {@link BigDecimal} arithmetic costs grow with digits
 * and with the distance between exponents ({@code 1e20000000 + 1} has twenty million digits), and Thymeleaf turns
 * any string that looks like a number into one, so every number that reaches an operator is kept within these
 * bounds: inputs (numbers in template state, strings that look like numbers) within {@link #MAX_DIGITS} and
 * {@link #MAX_SCALE}, results of template arithmetic within {@link #MAX_COMPUTED_DIGITS} and
 * {@link #MAX_COMPUTED_SCALE} before they are computed with again.
 */
final class NumberLimits {
    static final int MAX_DIGITS = 100;
    static final int MAX_SCALE = 1000;
    /** Room for any one operation on inputs: a sum spans up to 2 * MAX_SCALE + MAX_DIGITS digits. */
    static final int MAX_COMPUTED_DIGITS = 2 * MAX_SCALE + 2 * MAX_DIGITS;

    static final int MAX_COMPUTED_SCALE = 2 * MAX_SCALE;

    static final String TOO_LARGE = "a number is too large to compute with: numbers may have at most " + MAX_DIGITS
            + " digits and exponents between -" + MAX_SCALE + " and " + MAX_SCALE;

    /** Longer texts are never parsed: a valid number that long has too many digits anyway. */
    private static final int MAX_PARSED_LENGTH = 2 * MAX_DIGITS + 16;
    /** log2(10^MAX_COMPUTED_DIGITS), rounded up: bit lengths are free to compute, digit counts are not. */
    private static final int MAX_COMPUTED_BITS = (int) Math.ceil(MAX_COMPUTED_DIGITS * Math.log(10) / Math.log(2));

    private NumberLimits() {}

    /** Whether a number from outside (template state, a string that looks like a number) is out of bounds. */
    static boolean inputTooLarge(BigDecimal value) {
        return value.signum() != 0 && (value.precision() > MAX_DIGITS || Math.abs((long) value.scale()) > MAX_SCALE);
    }

    /** Whether a number about to be computed with is out of bounds; anything that is not a number is not. */
    static boolean computedTooLarge(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() != 0
                    && (Math.abs((long) decimal.scale()) > MAX_COMPUTED_SCALE
                            || decimal.unscaledValue().bitLength() > MAX_COMPUTED_BITS);
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() > MAX_COMPUTED_BITS;
        }
        return false;
    }

    /**
     * Whether Thymeleaf would read {@code text} as a number (see {@code EvaluationUtils.evaluateAsNumber}: it
     * starts with a digit or a sign and {@code new BigDecimal(text.trim())} accepts it) that is out of bounds.
     * Runs in time linear in the text and never parses a long one.
     */
    static boolean textTooLarge(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        if (!((first >= '0' && first <= '9') || first == '+' || first == '-')) {
            return false;
        }
        String trimmed = text.trim();
        if (!isDecimalSyntax(trimmed)) {
            return false; // not a number to Thymeleaf either, and no exception to pay for
        }
        if (trimmed.length() > MAX_PARSED_LENGTH) {
            return true;
        }
        try {
            return inputTooLarge(new BigDecimal(trimmed));
        } catch (NumberFormatException e) {
            return false; // an exponent beyond int: not a number to Thymeleaf either
        }
    }

    /** The syntax {@link BigDecimal#BigDecimal(String)} accepts, which counts any Unicode digit as a digit. */
    private static boolean isDecimalSyntax(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != 'e' && s.charAt(i) != 'E') {
            return false;
        }
        i++;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
