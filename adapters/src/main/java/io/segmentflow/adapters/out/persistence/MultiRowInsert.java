package io.segmentflow.adapters.out.persistence;

import java.util.Collections;

/**
 * One multi-row INSERT's texts, made once for each number of rows {@link TransactionConnection#insertRows} puts in a
 * statement: a power of two up to {@link #MAX_ROWS}. A table then has a few statement texts, built at start-up and
 * kept prepared by the driver, rather than one built per call.
 */
final class MultiRowInsert {
    /** The most rows one statement holds. */
    static final int MAX_ROWS = 64;

    /** By the logarithm of their number of rows. */
    private final String[] texts = new String[Integer.numberOfTrailingZeros(MAX_ROWS) + 1];

    /**
     * @param head {@code INSERT INTO table (columns) VALUES }
     * @param row  one row's placeholders, {@code (?, ?, ...)}
     * @param tail what follows the rows, as {@code  ON CONFLICT DO NOTHING}, or empty
     */
    MultiRowInsert(String head, String row, String tail) {
        for (int i = 0; i < texts.length; i++) {
            texts[i] = head + String.join(", ", Collections.nCopies(1 << i, row)) + tail;
        }
    }

    /** The text for {@code rows} rows, a power of two of at most {@link #MAX_ROWS}. */
    String withRows(int rows) {
        if (Integer.bitCount(rows) != 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("a power of two of rows up to " + MAX_ROWS + ", not " + rows);
        }
        return texts[Integer.numberOfTrailingZeros(rows)];
    }
}
