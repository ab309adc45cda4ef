package io.segmentflow.application.profileimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.profileimport.StagedRow;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An upload split into rows as it is read: line ends, quoted line breaks, blank lines and hostile rows. */
class UploadRowsTest {
    private static List<StagedRow> rows(String upload, boolean csv) throws IOException {
        UploadRows rows = new UploadRows(new StringReader(upload), csv);
        List<StagedRow> all = new ArrayList<>();
        StagedRow row;
        while ((row = rows.next()) != null) {
            all.add(row);
        }
        return all;
    }

    @Test
    void rows_end_at_lf_or_crlf_blank_lines_are_skipped_and_each_row_keeps_its_line() throws IOException {
        List<StagedRow> rows = rows("a,b\r\nc,d\n\n  \r\ne,f", true);

        assertThat(rows)
                .containsExactly(
                        new StagedRow(0, 1, "a,b", null),
                        new StagedRow(1, 2, "c,d", null),
                        new StagedRow(2, 5, "e,f", null));
    }

    @Test
    void a_quoted_value_keeps_its_line_breaks_as_data_and_the_next_row_its_own_line() throws IOException {
        List<StagedRow> rows = rows("ada@x.test,\"first\r\nsecond\nthird\"\ngrace@x.test,plain\n", true);

        assertThat(rows)
                .containsExactly(
                        new StagedRow(0, 1, "ada@x.test,\"first\r\nsecond\nthird\"", null),
                        new StagedRow(1, 4, "grace@x.test,plain", null));
    }

    @Test
    void a_quote_written_twice_inside_a_quoted_value_does_not_end_it() throws IOException {
        List<StagedRow> rows = rows("a,\"say \"\"hi\"\"\nthere\"\nb,c\n", true);

        assertThat(rows).extracting(StagedRow::text).containsExactly("a,\"say \"\"hi\"\"\nthere\"", "b,c");
    }

    @Test
    void a_stray_quote_inside_a_value_does_not_swallow_the_rows_after_it() throws IOException {
        List<StagedRow> rows = rows("a,5\" screen\nb,c\n", true);

        assertThat(rows).extracting(StagedRow::text).containsExactly("a,5\" screen", "b,c");
    }

    @Test
    void in_ndjson_quotes_do_not_join_lines() throws IOException {
        List<StagedRow> rows = rows("{\"email\":\"\n{\"email\":\"b@x.test\"}\n", false);

        assertThat(rows).extracting(StagedRow::text).containsExactly("{\"email\":\"", "{\"email\":\"b@x.test\"}");
    }

    @Test
    void a_row_longer_than_the_limit_is_refused_alone_and_not_kept() throws IOException {
        String huge = "x".repeat(UploadRows.MAX_ROW_CHARS + 10);

        List<StagedRow> rows = rows("a@x.test\n" + huge + "\nb@x.test\n", false);

        assertThat(rows)
                .containsExactly(
                        new StagedRow(0, 1, "a@x.test", null),
                        new StagedRow(1, 2, null, UploadRows.ROW_TOO_LONG),
                        new StagedRow(2, 3, "b@x.test", null));
    }

    @Test
    void an_unterminated_quote_makes_one_refused_row_of_the_rest_rather_than_holding_it() throws IOException {
        String rest = "b,c\n".repeat(UploadRows.MAX_ROW_CHARS / 4 + 10);

        List<StagedRow> rows = rows("a,\"never closed\n" + rest, true);

        assertThat(rows).containsExactly(new StagedRow(0, 1, null, UploadRows.ROW_TOO_LONG));
    }

    @Test
    void a_row_holding_a_nul_character_is_refused() throws IOException {
        List<StagedRow> rows = rows("a@x.test,\u0000\nb@x.test,ok\n", true);

        assertThat(rows)
                .containsExactly(
                        new StagedRow(0, 1, null, UploadRows.NUL_CHARACTER), new StagedRow(1, 2, "b@x.test,ok", null));
    }

    @Test
    void a_byte_order_mark_before_the_header_is_dropped_and_the_header_is_no_row() throws IOException {
        UploadRows rows = new UploadRows(new StringReader("\uFEFFemail,plan\na@x.test,pro\n"), true);

        assertThat(rows.header()).isEqualTo(new StagedRow(0, 1, "email,plan", null));
        assertThat(rows.next()).isEqualTo(new StagedRow(0, 2, "a@x.test,pro", null));
        assertThat(rows.next()).isNull();
    }
}
