package io.segmentflow.adapters.out.render;

/**
 * A string from template state or template arithmetic that looks like a number too large to compute with
 * (see {@link NumberLimits}). It prints and concatenates as the text it is, but Thymeleaf's operators do not
 * read it as a number, because they only parse {@link String}s.
 */
final class InertText implements Comparable<InertText> {
    private final String text;

    InertText(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Equal to the same text, also as a plain string, so that {@code ${data.code} == 'literal'} still works. */
    @Override
    public boolean equals(Object other) {
        return other instanceof InertText inert ? text.equals(inert.text) : other instanceof String s && text.equals(s);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public int compareTo(InertText other) {
        return text.compareTo(other.text);
    }
}
