package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.profileimport.StagedRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one staged block: its rows one after another, each as {@code <line> t:<length>:<text>} (or
 * {@code <line> r:<length>:<refusal>} for a row that could not be kept). Lengths, not separators, delimit the texts,
 * so a row may hold any character the database stores, line breaks included.
 */
final class StagedBlock {
    private StagedBlock() {}

    static String write(List<StagedRow> rows) {
        StringBuilder content = new StringBuilder();
        for (StagedRow row : rows) {
            String payload = row.text() != null ? row.text() : row.refusal();
            content.append(row.line())
                    .append(row.text() != null ? " t:" : " r:")
                    .append(payload.length())
                    .append(':')
                    .append(payload);
        }
        return content.toString();
    }

    /** The rows of a block whose first row is {@code firstRow}. */
    static List<StagedRow> read(long firstRow, String content) {
        List<StagedRow> rows = new ArrayList<>();
        int at = 0;
        long index = firstRow;
        while (at < content.length()) {
            int space = content.indexOf(' ', at);
            long line = Long.parseLong(content.substring(at, space));
            char kind = content.charAt(space + 1);
            int colon = content.indexOf(':', space + 3);
            int length = Integer.parseInt(content.substring(space + 3, colon));
            String payload = content.substring(colon + 1, colon + 1 + length);
            rows.add(
                    kind == 't'
                            ? new StagedRow(index++, line, payload, null)
                            : new StagedRow(index++, line, null, payload));
            at = colon + 1 + length;
        }
        return rows;
    }
}
