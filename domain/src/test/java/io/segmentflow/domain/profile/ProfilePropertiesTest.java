package io.segmentflow.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties are merged at the top level, within limits that keep them addressable and small. */
class ProfilePropertiesTest {
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<String> problemFields(Map<String, Object> patch) {
        return ProfileProperties.problems(patch, "properties").stream()
                .map(InvalidValueException::field)
                .toList();
    }

    @Test
    void a_patch_replaces_the_keys_it_gives_whole_and_keeps_the_others() {
        Map<String, Object> current =
                object("plan", "free", "address", object("city", "Paris", "zip", "75001"), "age", BigDecimal.TEN);

        Map<String, Object> merged = ProfileProperties.merge(
                current, object("plan", "pro", "address", object("city", "Lyon")), "properties");

        assertThat(merged).isEqualTo(object("plan", "pro", "address", object("city", "Lyon"), "age", BigDecimal.TEN));
    }

    @Test
    void a_null_value_removes_the_key_and_removing_an_absent_key_changes_nothing() {
        Map<String, Object> merged = ProfileProperties.merge(
                object("plan", "free", "age", BigDecimal.TEN), object("plan", null, "nickname", null), "properties");

        assertThat(merged).isEqualTo(object("age", BigDecimal.TEN));
    }

    @Test
    void template_expressions_in_values_are_data_like_any_other_text() {
        String expression = "${T(java.lang.Runtime).getRuntime().exec('id')} __${x}__ [[${profile.plan}]]";

        assertThat(ProfileProperties.merge(Map.of(), object("note", expression), "properties"))
                .containsEntry("note", expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"first name", "a.b", "1st", "", "plan-tier", "$where", "<script>", "é"})
    void keys_that_a_template_path_cannot_name_are_refused_under_their_path(String key) {
        assertThat(problemFields(object(key, "x"))).containsExactly("properties." + key);
    }

    @Test
    void keys_are_checked_at_every_depth_and_every_problem_is_listed() {
        Map<String, Object> patch =
                object("ok", "x", "address", object("zip code", "1"), "tags", List.of("a", object("b-c", "d")));

        assertThat(problemFields(patch)).containsExactly("properties.address.zip code", "properties.tags[1].b-c");
    }

    @Test
    void a_key_longer_than_64_characters_is_refused_and_named_shortened() {
        String key = "k".repeat(65);

        assertThat(problemFields(object(key, "x"))).containsExactly("properties." + "k".repeat(64) + "...");
        assertThat(problemFields(object("k".repeat(64), "x"))).isEmpty();
    }

    @Test
    void values_nest_at_most_eight_levels() {
        Object value = "leaf";
        for (int i = 0; i < 7; i++) {
            value = List.of(value);
        }
        assertThat(problemFields(object("deep", value))).isEmpty();

        assertThat(problemFields(object("deep", List.of(value))))
                .singleElement()
                .asString()
                .startsWith("properties.deep");
    }

    @Test
    void text_with_nul_or_an_unpaired_surrogate_is_refused() {
        assertThat(problemFields(object("a", "x\u0000y", "b", "\ud800", "c", "emoji \ud83d\ude00 ok")))
                .containsExactly("properties.a", "properties.b");
    }

    @Test
    void a_profile_holds_at_most_200_properties() {
        Map<String, Object> current = new HashMap<>();
        for (int i = 0; i < ProfileProperties.MAX_KEYS; i++) {
            current.put("k" + i, BigDecimal.ONE);
        }

        assertThat(ProfileProperties.merge(current, object("k0", "replaced"), "properties"))
                .hasSize(ProfileProperties.MAX_KEYS);
        assertThatThrownBy(() -> ProfileProperties.merge(current, object("one_more", "x"), "properties"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at most 200");
    }

    @Test
    void stored_properties_take_at_most_64_kib_of_json_counted_in_utf_8() {
        String atLimit = "{\"a\":\"" + "x".repeat(ProfileProperties.MAX_BYTES - 8) + "\"}";
        assertThat(ProfileProperties.checkSize(atLimit, "properties")).isSameAs(atLimit);

        String overInUtf8 = "{\"a\":\"" + "é".repeat(ProfileProperties.MAX_BYTES / 2) + "\"}";
        assertThatThrownBy(() -> ProfileProperties.checkSize(overInUtf8, "properties"))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("properties");
    }
}
