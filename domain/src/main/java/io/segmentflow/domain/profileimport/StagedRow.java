package io.segmentflow.domain.profileimport;

/**
 * One row of an upload as staged: its number in the upload (from 0; blank lines and a CSV header are not rows), the
 * line of the file it starts on (from 1), and its text without the line break; or, instead of the text, why the row
 * could not be kept at all ({@code refusal}, a code such as {@code row_too_long}).
 */
public record StagedRow(long index, long line, String text, String refusal) {
    public StagedRow {
        if ((text == null) == (refusal == null)) {
            throw new IllegalArgumentException("a staged row has its text or a refusal");
        }
    }
}
