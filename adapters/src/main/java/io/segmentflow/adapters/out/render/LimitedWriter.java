package io.segmentflow.adapters.out.render;

import java.io.Writer;

/** Collects one rendered part and aborts the render, with a {@link RenderLimitException}, once it grows too large. */
final class LimitedWriter extends Writer {
    private final StringBuilder out = new StringBuilder();
    private final int maxChars;
    private final String tooLarge;

    /** @param tooLarge the reason to report, such as "the rendered html is larger than 2 MiB" */
    LimitedWriter(int maxChars, String tooLarge) {
        this.maxChars = maxChars;
        this.tooLarge = tooLarge;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        reserve(length);
        out.append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        reserve(length);
        out.append(text, offset, offset + length);
    }

    @Override
    public void write(int c) {
        reserve(1);
        out.append((char) c);
    }

    private void reserve(int length) {
        if (length > maxChars - out.length()) {
            throw new RenderLimitException(tooLarge);
        }
    }

    @Override
    public void flush() {
        // Nothing is buffered.
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
