package io.segmentflow.application.profileimport;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of one CSV row (RFC 4180): separated by commas; a value in double quotes may hold commas, line breaks
 * and quotes written twice ({@code ""}). Anything else with a quote is refused rather than guessed at.
 */
final class CsvFields {
    private CsvFields() {}

    /** Thrown for a row that is not valid CSV. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static List<String> split(String row) throws Malformed {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = row.length();
        while (true) {
            field.setLength(0);
            if (i < n && row.charAt(i) == '"') {
                int start = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Malformed("the quoted value that starts at column " + (start + 1) + " never ends");
                    }
                    char c = row.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && row.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                if (i < n && row.charAt(i) != ',') {
                    throw new Malformed("a quoted value is followed by other text at column " + (i + 1));
                }
            } else {
                while (i < n && row.charAt(i) != ',') {
                    char c = row.charAt(i);
                    if (c == '"') {
                        throw new Malformed("a quote inside a value that is not quoted, at column " + (i + 1)
                                + " (quote the whole value and write the quote twice)");
                    }
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
