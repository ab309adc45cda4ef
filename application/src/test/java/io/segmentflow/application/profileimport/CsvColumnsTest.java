package io.segmentflow.application.profileimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.profileimport.CsvColumns.Column;
import io.segmentflow.application.profileimport.CsvColumns.Kind;
import io.segmentflow.application.profileimport.CsvColumns.ValueType;
import org.junit.jupiter.api.Test;

/** The header row of a CSV upload: what each column holds, and the headers refused before anything is staged. */
class CsvColumnsTest {
    @Test
    void identifiers_properties_with_or_without_prefix_typed_properties_and_consent_columns() {
        CsvColumns.Parsed parsed =
                CsvColumns.parse("email, externalId ,plan,properties.seats:number,vip:boolean,subscriptions.news-1");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.columns().columns())
                .containsExactly(
                        new Column(Kind.EMAIL, null, null),
                        new Column(Kind.EXTERNAL_ID, null, null),
                        new Column(Kind.PROPERTY, "plan", ValueType.TEXT),
                        new Column(Kind.PROPERTY, "seats", ValueType.NUMBER),
                        new Column(Kind.PROPERTY, "vip", ValueType.BOOLEAN),
                        new Column(Kind.CONSENT, "news-1", null));
        assertThat(parsed.columns().groupIds()).containsExactly("news-1");
    }

    @Test
    void unknown_columns_bad_names_and_repeated_columns_are_each_named_by_position() {
        CsvColumns.Parsed parsed =
                CsvColumns.parse("email,1st,plan:date,plan,properties.plan,subscriptions.,${T(Runtime)}");

        assertThat(parsed.columns()).isNull();
        assertThat(parsed.problems())
                .extracting(FieldError::field)
                .containsExactly("header[1]", "header[2]", "header[4]", "header[5]", "header[6]");
    }

    @Test
    void a_header_without_email_or_external_id_is_refused() {
        assertThat(CsvColumns.parse("plan,seats").problems())
                .extracting(FieldError::field)
                .containsExactly("header");
    }

    @Test
    void a_header_with_too_many_columns_is_refused() {
        String header = "email," + "p,".repeat(CsvColumns.MAX_COLUMNS) + "q";

        assertThat(CsvColumns.parse(header).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("columns"));
    }
}
