package io.segmentflow.application.profileimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.fake.PlainStateDocuments;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.profileimport.StagedRow;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row of an import read with the Profiles API's rules; values are data, never evaluated. */
class ImportRowParserTest {
    private static final PlainStateDocuments DOCUMENTS = new PlainStateDocuments();

    private static StagedRow row(String text) {
        return new StagedRow(0, 7, text, null);
    }

    @Nested
    class Csv {
        private final ImportRowParser parser = new ImportRowParser(
                ProfileImportFormat.CSV,
                CsvColumns.parse("email,externalId,plan,seats:number,vip:boolean,subscriptions.news")
                        .columns(),
                DOCUMENTS);

        private ImportedProfile read(String text) {
            ImportRowParser.Read read = parser.read(row(text));
            assertThat(read.error()).as("refusal").isNull();
            return read.profile();
        }

        private ImportRowError refusal(String text) {
            ImportRowParser.Read read = parser.read(row(text));
            assertThat(read.profile()).as("profile").isNull();
            return read.error();
        }

        @Test
        void a_row_gives_identifiers_typed_properties_and_consent() {
            ImportedProfile profile = read("Ada@Example.TEST,crm-1,pro,3.0,true,subscribed");

            assertThat(profile.line()).isEqualTo(7);
            assertThat(profile.identity().email()).isEqualTo(EmailAddress.of("Ada@example.test"));
            assertThat(profile.identity().externalId()).isEqualTo("crm-1");
            assertThat(profile.properties())
                    .containsExactly(
                            Map.entry("plan", "pro"), Map.entry("seats", new BigDecimal("3")), Map.entry("vip", true));
            assertThat(profile.consents()).containsExactly(Map.entry("news", ConsentStatus.SUBSCRIBED));
        }

        @Test
        void an_empty_value_leaves_that_part_out() {
            ImportedProfile profile = read(",crm-2,,,,");

            assertThat(profile.identity().email()).isNull();
            assertThat(profile.properties()).isEmpty();
            assertThat(profile.consents()).isEmpty();
        }

        @Test
        void quoted_values_keep_commas_quotes_line_breaks_and_template_expressions_as_plain_text() {
            String expression = "${T(java.lang.Runtime).getRuntime().exec('id')} __${x}__ [[${data.code}]]";

            ImportedProfile profile = read("a@x.test,,\"pro, \"\"gold\"\"\r\n" + expression + "\",,,");

            assertThat(profile.properties()).containsExactly(Map.entry("plan", "pro, \"gold\"\r\n" + expression));
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "a@x.test,crm,pro,1,true                           | malformed_row     | 5 values",
                    "a@x.test,crm,\"pro,1,true,subscribed              | malformed_row     | never ends",
                    "a@x.test,crm,pro\"x,1,true,subscribed             | malformed_row     | quote",
                    "not-an-address,crm,pro,1,true,subscribed          | validation_failed | email:",
                    ",,pro,1,true,subscribed                           | validation_failed | no email and no externalId",
                    "a@x.test,,pro,1e99999999999,true,                 | validation_failed | properties.seats",
                    "a@x.test,,pro,0x10,true,                          | validation_failed | properties.seats",
                    "a@x.test,,pro,,yes,                               | validation_failed | properties.vip",
                    "a@x.test,,pro,,,maybe                             | validation_failed | subscriptions.news",
                })
        void a_row_that_breaks_a_rule_is_refused_with_its_line_and_a_code(String text, String code, String says) {
            ImportRowError error = refusal(text.strip());

            assertThat(error.line()).isEqualTo(7);
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.message()).contains(says);
        }

        @Test
        void an_address_with_a_line_break_is_refused() {
            assertThat(refusal("\"a@x.test\r\nBcc: b@x.test\",crm,,,,").message())
                    .startsWith("email:");
        }

        @Test
        void an_external_id_past_its_length_and_text_with_an_unpaired_surrogate_are_refused() {
            assertThat(refusal("a@x.test," + "x".repeat(256) + ",,,,").message())
                    .startsWith("externalId:");
            assertThat(refusal("a@x.test,,bad\uD800,,,").message()).startsWith("properties.plan:");
        }

        @Test
        void a_refused_staged_row_is_refused_with_its_reason() {
            ImportRowParser.Read read = parser.read(new StagedRow(3, 9, null, UploadRows.ROW_TOO_LONG));

            assertThat(read.error())
                    .isEqualTo(
                            new ImportRowError(9, "row_too_long", read.error().message()));
            assertThat(read.error().message()).contains(String.valueOf(UploadRows.MAX_ROW_CHARS));
        }
    }

    @Nested
    class Ndjson {
        private final ImportRowParser parser = new ImportRowParser(ProfileImportFormat.NDJSON, null, DOCUMENTS);

        @Test
        void an_object_gives_identifiers_properties_as_json_values_and_consent() {
            ImportRowParser.Read read = parser.read(row("{\"email\":\"a@x.test\",\"externalId\":\"crm-1\","
                    + "\"properties\":{\"plan\":\"pro\",\"address\":{\"city\":\"Paris\"},\"gone\":null},"
                    + "\"subscriptions\":{\"news\":\"unsubscribed\"}}"));

            assertThat(read.error()).isNull();
            assertThat(read.profile().identity().externalId()).isEqualTo("crm-1");
            assertThat(read.profile().properties())
                    .containsEntry("plan", "pro")
                    .containsEntry("address", Map.of("city", "Paris"))
                    .containsEntry("gone", null);
            assertThat(read.profile().consents()).containsExactly(Map.entry("news", ConsentStatus.UNSUBSCRIBED));
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "{\"email\":                                   | malformed_row     | not a JSON object",
                    "[1,2]                                         | malformed_row     | not a JSON object",
                    "{\"email\":\"a@x.test\",\"admin\":true}       | validation_failed | admin",
                    "{\"email\":42}                                | validation_failed | email: must be a string",
                    "{\"email\":\"a@x.test\",\"properties\":[]}    | validation_failed | properties: must be an object",
                    "{\"email\":\"a@x.test\",\"properties\":{\"a-b\":1}} | validation_failed | properties.a-b",
                    "{\"email\":\"a@x.test\",\"subscriptions\":{\"news\":true}} | validation_failed | subscriptions.news",
                })
        void a_line_that_breaks_a_rule_is_refused(String text, String code, String says) {
            ImportRowParser.Read read = parser.read(row(text.strip()));

            assertThat(read.profile()).isNull();
            assertThat(read.error().code()).isEqualTo(code);
            assertThat(read.error().message()).contains(says);
        }
    }
}
