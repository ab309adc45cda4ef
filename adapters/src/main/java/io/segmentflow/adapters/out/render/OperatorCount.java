package io.segmentflow.adapters.out.render;

import java.util.Locale;
import java.util.Set;
import org.thymeleaf.standard.expression.Token;

/**
 * How many operators an expression holds, counted twice in two independent ways, because Thymeleaf's expression
 * parser takes time exponential in chains of operators that can also be unary ({@code -}, {@code !},
 * {@code not}) and each count alone could be fooled:
 *
 * <ul>
 *   <li>{@link #parsed} reads the expression as Thymeleaf's parser decomposes it: text literals end only at a
 *       quote with an even number of backslashes before it, {@code |...|} is text around expressions,
 *       {@code ${...}}-style expressions nest by braces, and a dash inside a word is part of the word. What is
 *       inside {@code @{...}} is counted too, since Thymeleaf parses a link's address and parameters as
 *       expressions.</li>
 *   <li>{@link #unaryCharacters} reads nothing: every {@code !}, every {@code not} and every dash that does not
 *       follow a letter, wherever it stands, literals included. It bounds what the parser can see whatever a
 *       literal's quoting makes of the rest.</li>
 * </ul>
 */
record OperatorCount(int operators, int unary) {
    private static final Set<String> WORD_OPERATORS =
            Set.of("and", "or", "gt", "lt", "ge", "le", "eq", "ne", "neq", "div", "mod");
    private static final String SELECTORS = "$*#@~";

    /** The operators Thymeleaf's parser sees in {@code expression}. Linear in its length. */
    static OperatorCount parsed(String expression) {
        Counter counter = new Counter();
        counter.read(expression);
        return new OperatorCount(counter.operators, counter.unary);
    }

    /** Characters that can be unary operators, wherever they stand; see the class comment. */
    static int unaryCharacters(String expression) {
        int count = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '!') {
                count++;
            } else if (c == '-' && !(i > 0 && followsWordCharacter(expression.charAt(i - 1)))) {
                count++;
            } else if ((c == 'n' || c == 'N') && isWord(expression, i, "not")) {
                count++;
            }
        }
        return count;
    }

    /** After a letter, Thymeleaf's tokenizer always takes a dash as part of the word ({@code first-name}). */
    private static boolean followsWordCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ']';
    }

    private static boolean isWord(String s, int at, String word) {
        if (!s.regionMatches(true, at, word, 0, word.length())) {
            return false;
        }
        int after = at + word.length();
        return (at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)))
                && (after == s.length() || !Character.isLetterOrDigit(s.charAt(after)));
    }

    /** Thymeleaf's rule: a quote is escaped by an odd number of backslashes right before it. */
    static boolean escaped(String s, int quote) {
        int backslashes = 0;
        for (int i = quote - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Thymeleaf's delimiting of {@code ${...}} and its kin: brace nesting, quotes ignored; -1 when unterminated. */
    static int closingBrace(String s, int from) {
        int level = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                level++;
            } else if (c == '}' && --level == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean opensExpression(String s, int i) {
        return SELECTORS.indexOf(s.charAt(i)) >= 0 && i + 1 < s.length() && s.charAt(i + 1) == '{';
    }

    private static final class Counter {
        int operators;
        int unary;

        void read(String s) {
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'' && !escaped(s, i)) {
                    i = endOfLiteral(s, i + 1) + 1;
                } else if (c == '|') {
                    i = endOfSubstitution(s, i + 1) + 1;
                } else if (opensExpression(s, i)) {
                    i = expression(s, i) + 1;
                } else if (Character.isLetter(c)) {
                    int end = i;
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                        end++;
                    }
                    word(s.substring(i, end).toLowerCase(Locale.ROOT));
                    i = end;
                } else {
                    symbol(s, i);
                    i++;
                }
            }
        }

        private void word(String word) {
            if (word.equals("not")) {
                operators++;
                unary++;
            } else if (WORD_OPERATORS.contains(word)) {
                operators++;
            }
        }

        private void symbol(String s, int i) {
            char c = s.charAt(i);
            boolean notEquals = c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=';
            if ((c == '-' && !Token.isTokenChar(s, i)) || (c == '!' && !notEquals)) {
                operators++;
                unary++;
            } else if ("+*/%<>=?:!".indexOf(c) >= 0) {
                operators++;
            }
        }

        /** The closing quote of a literal opened before {@code from}, or the end: an open literal runs to the end. */
        private static int endOfLiteral(String s, int from) {
            for (int i = from; i < s.length(); i++) {
                if (s.charAt(i) == '\'' && !escaped(s, i)) {
                    return i;
                }
            }
            return s.length();
        }

        /** {@code |...|} is text around expressions, quotes included; its expressions are read as such. */
        private int endOfSubstitution(String s, int from) {
            int i = from;
            while (i < s.length() && s.charAt(i) != '|') {
                i = opensExpression(s, i) ? expression(s, i) + 1 : i + 1;
            }
            return i;
        }

        /** Skips a {@code ${...}}-style expression; a link's content is read, since Thymeleaf parses it. */
        private int expression(String s, int selector) {
            int end = closingBrace(s, selector + 2);
            int stop = end < 0 ? s.length() : end;
            if (s.charAt(selector) == '@') {
                read(s.substring(selector + 2, stop));
            }
            return stop;
        }
    }
}
