package io.segmentflow.application.profileimport;

import io.segmentflow.domain.profileimport.StagedRow;
import java.io.IOException;
import java.io.Reader;

/**
 * Splits an upload into rows while it is read, holding one row at a time. A row ends at a line feed (a carriage
 * return before it is dropped); in CSV, not within a quoted value, whose line breaks are data. Blank rows are
 * skipped; each row keeps the line of the file it starts on. A row longer than {@link #MAX_ROW_CHARS} is not kept
 * (it is read to its end and staged as refused), nor is one holding a NUL character, which no database stores as
 * text. A byte order mark before the first row is dropped.
 */
final class UploadRows {
    static final int MAX_ROW_CHARS = 256 * 1024;
    static final String ROW_TOO_LONG = "row_too_long";
    static final String NUL_CHARACTER = "nul_character";

    private final Reader in;
    private final boolean csv;
    private final char[] buffer = new char[8192];
    private final StringBuilder row = new StringBuilder();
    private int position;
    private int filled;
    private long line = 1;
    private long index;
    private boolean started;

    UploadRows(Reader in, boolean csv) {
        this.in = in;
        this.csv = csv;
    }

    /** The next row, not counted among the rows (a header), or null at the end of the upload. */
    StagedRow header() throws IOException {
        StagedRow header = next();
        if (header != null) {
            index--;
        }
        return header;
    }

    /** The next row, or null at the end of the upload. */
    StagedRow next() throws IOException {
        while (true) {
            row.setLength(0);
            long startLine = line;
            boolean quoted = false;
            // A quote opens a quoted value only where a value starts (or right after the quote that closed it,
            // for a quote written twice), so a stray quote in a value never swallows the rows after it.
            boolean valueStart = true;
            boolean justClosed = false;
            boolean tooLong = false;
            boolean nul = false;
            boolean read = false;
            int c;
            while ((c = read()) != -1) {
                read = true;
                if (c == '\n') {
                    line++;
                    if (!quoted) {
                        break;
                    }
                } else if (c == 0) {
                    nul = true;
                }
                if (csv) {
                    boolean closing = quoted && c == '"';
                    if (closing) {
                        quoted = false;
                    } else if (c == '"' && (valueStart || justClosed)) {
                        quoted = true;
                    }
                    valueStart = !quoted && c == ',';
                    justClosed = closing;
                }
                if (!tooLong) {
                    if (row.length() >= MAX_ROW_CHARS) {
                        tooLong = true;
                        row.setLength(0);
                    } else {
                        row.append((char) c);
                    }
                }
            }
            if (!read) {
                return null;
            }
            if (c == '\n' && !row.isEmpty() && row.charAt(row.length() - 1) == '\r') {
                row.setLength(row.length() - 1);
            }
            if (tooLong) {
                return new StagedRow(index++, startLine, null, ROW_TOO_LONG);
            }
            if (row.isEmpty() || row.toString().isBlank()) {
                if (c == -1) {
                    return null;
                }
                continue;
            }
            if (nul) {
                return new StagedRow(index++, startLine, null, NUL_CHARACTER);
            }
            return new StagedRow(index++, startLine, row.toString(), null);
        }
    }

    private int read() throws IOException {
        if (position == filled) {
            filled = in.read(buffer);
            position = 0;
            if (filled <= 0) {
                filled = 0;
                return -1;
            }
            if (!started) {
                started = true;
                if (buffer[0] == '\uFEFF') {
                    position = 1;
                    return read();
                }
            }
        }
        return buffer[position++];
    }
}
