package io.segmentflow.adapters.out.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON object texts as plain Java values, and back. */
class JsonStateDocumentsTest {
    private final JsonStateDocuments documents = new JsonStateDocuments();

    @Test
    void an_object_reads_as_plain_values_in_document_order() {
        Map<String, Object> read = documents.read(
                "{\"z\":\"last\",\"n\":4.2e1,\"f\":1.50,\"t\":true,\"nil\":null,\"list\":[1,\"two\",{\"x\":false}]}");

        assertThat(read.keySet()).containsExactly("z", "n", "f", "t", "nil", "list");
        assertThat(read.get("n")).isEqualTo(new BigDecimal(42));
        assertThat(read.get("f")).isEqualTo(new BigDecimal("1.50"));
        assertThat(read.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(read).containsEntry("nil", null);
        assertThat(read.get("list")).isEqualTo(Arrays.asList(BigDecimal.ONE, "two", Map.of("x", false)));
    }

    @Test
    void written_values_read_back_equal_and_text_is_escaped() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("quote", "a \"quoted\" \\ line\nbreak </script> ${x}");
        object.put("nothing", null);
        object.put("nested", Map.of("list", List.of(new BigDecimal("1e50"), "é")));

        String json = documents.write(object);

        assertThat(documents.read(json)).isEqualTo(object);
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void text_that_is_not_one_json_object_is_refused() {
        for (String text : List.of("[1]", "\"text\"", "{\"a\":", "{} {}")) {
            assertThatThrownBy(() -> documents.read(text)).isInstanceOf(InvalidValueException.class);
        }
        assertThat(documents.read("  ")).isEmpty();
    }

    @Test
    void a_number_too_large_to_compute_with_is_refused() {
        assertThatThrownBy(() -> documents.read("{\"n\":1e2000000000}"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("too large");
    }
}
