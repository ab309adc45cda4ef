package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.out.render.JsonStateDocuments;
import io.segmentflow.adapters.shared.JourneyJson;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.Json;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A segment's condition run by PostgreSQL over the jsonb properties picks the Profiles that the condition model picks
 * in Java ({@link Condition#holdsFor}), operator by operator: each case names the Profiles it expects, and the Java
 * evaluation must agree. The embedded database evaluates in Java only, so these run on PostgreSQL.
 */
@ExtendWith(TestDatabaseExtension.class)
class ConditionSqlTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    /** Profile name -> properties: values of every type, missing, null, malformed dates, nested objects. */
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        PROPERTIES.put("p1", """
                {"plan":"pro","seats":10,"score":1.0,"tags":["vip","beta"],"signup":"2026-03-01",
                 "last":"2026-11-30T10:00:00+01:00","bio":"loves email","address":{"city":"Paris"},"active":true}""");
        PROPERTIES.put("p2", """
                {"plan":"free","seats":"10","tags":"vip","signup":"2026-02-31","last":"2026-11-30T09:30:00Z",
                 "bio":null,"address":{"city":"Lyon"},"active":false}""");
        PROPERTIES.put("p3", """
                {"plan":"pro","seats":2.5,"score":1,"signup":"not a date","last":"2026-12-01","address":"Paris"}""");
        PROPERTIES.put("p4", "{}");
        PROPERTIES.put("p5", """
                {"plan":["pro"],"seats":100,"signup":"2025-12-31T23:59:59.999999999-01:00","bio":"EMAIL",
                 "last":"2026-13-01T00:00Z"}""");
    }

    private final TestDatabase db;
    private final JsonStateDocuments documents = new JsonStateDocuments();
    private WorkspaceId workspace;
    /** Profile id -> name. */
    private final Map<String, String> names = new LinkedHashMap<>();

    ConditionSqlTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void profiles() {
        assumeTrue(db.isPostgreSql(), "conditions run in SQL on PostgreSQL only");
        workspace = db.addTwoWorkspaces(NOW).first();
        db.commit(tx -> PROPERTIES.forEach((name, properties) -> {
            String id = "pr_" + name;
            names.put(id, name);
            tx.profiles()
                    .addAll(List.of(new Profile(
                            id, workspace, EmailAddress.of(name + "@example.test"), null, properties, NOW, NOW)));
        }));
    }

    @Test
    void equals_matches_text_numbers_by_value_flags_and_nested_fields() {
        assertPicks("{\"field\":\"profile.plan\",\"op\":\"equals\",\"value\":\"pro\"}", "p1", "p3");
        assertPicks("{\"field\":\"profile.score\",\"op\":\"equals\",\"value\":1}", "p1", "p3");
        assertPicks("{\"field\":\"profile.seats\",\"op\":\"equals\",\"value\":10}", "p1");
        assertPicks("{\"field\":\"profile.active\",\"op\":\"equals\",\"value\":true}", "p1");
        assertPicks("{\"field\":\"profile.active\",\"op\":\"equals\",\"value\":false}", "p2");
        assertPicks("{\"field\":\"profile.address.city\",\"op\":\"equals\",\"value\":\"Paris\"}", "p1");
    }

    @Test
    void not_equals_is_true_where_the_field_is_missing_or_of_another_type() {
        assertPicks("{\"field\":\"profile.plan\",\"op\":\"not_equals\",\"value\":\"pro\"}", "p2", "p4", "p5");
    }

    @Test
    void in_matches_any_of_its_values() {
        assertPicks("{\"field\":\"profile.plan\",\"op\":\"in\",\"values\":[\"free\",\"pro\"]}", "p1", "p2", "p3");
        assertPicks("{\"field\":\"profile.seats\",\"op\":\"in\",\"values\":[2.50,100]}", "p3", "p5");
    }

    @Test
    void exists_needs_a_value_other_than_null() {
        assertPicks("{\"field\":\"profile.bio\",\"op\":\"exists\"}", "p1", "p5");
        assertPicks("{\"field\":\"profile.address.city\",\"op\":\"exists\"}", "p1", "p2");
    }

    @Test
    void greater_and_less_compare_numbers_only_with_numbers() {
        assertPicks("{\"field\":\"profile.seats\",\"op\":\"greater_than\",\"value\":5}", "p1", "p5");
        assertPicks("{\"field\":\"profile.seats\",\"op\":\"less_than\",\"value\":10}", "p3");
    }

    @Test
    void greater_and_less_compare_dates_as_moments_and_skip_malformed_ones() {
        // p2's 31 February, p3's text and p5's month 13 are no dates; p5's date-time is past midnight UTC.
        assertPicks("{\"field\":\"profile.signup\",\"op\":\"greater_than\",\"value\":\"2026-01-01\"}", "p1", "p5");
        assertPicks(
                "{\"field\":\"profile.signup\",\"op\":\"less_than\",\"value\":\"2026-12-31T00:00:00Z\"}", "p1", "p5");
        assertPicks("{\"field\":\"profile.last\",\"op\":\"less_than\",\"value\":\"2026-11-30T09:30:00Z\"}", "p1");
        assertPicks("{\"field\":\"profile.last\",\"op\":\"greater_than\",\"value\":\"2026-11-30\"}", "p1", "p2", "p3");
    }

    @Test
    void a_date_is_its_midnight_utc_against_a_bound_at_any_time_of_day() {
        // p1 signed up on 2026-03-01: its moment is that day's midnight UTC.
        assertPicks("{\"field\":\"profile.signup\",\"op\":\"less_than\",\"value\":\"2026-03-01\"}", "p5");
        assertPicks(
                "{\"field\":\"profile.signup\",\"op\":\"less_than\",\"value\":\"2026-03-01T12:00:00Z\"}", "p1", "p5");
        assertPicks(
                "{\"field\":\"profile.signup\",\"op\":\"greater_than\",\"value\":\"2026-02-28T12:00:00+01:00\"}", "p1");
        assertPicks("{\"field\":\"profile.signup\",\"op\":\"greater_than\",\"value\":\"2026-03-01\"}");
        // A date-time a day away in local terms is still compared as a moment: 10:00+01:00 is 09:00Z.
        assertPicks(
                "{\"field\":\"profile.last\",\"op\":\"less_than\",\"value\":\"2026-11-30T09:00:00.000001Z\"}", "p1");
        assertPicks(
                "{\"field\":\"profile.last\",\"op\":\"greater_than\",\"value\":\"2026-11-29T23:00:00-12:00\"}", "p3");
    }

    @Test
    void contains_finds_an_element_of_a_list_or_a_part_of_a_text() {
        assertPicks("{\"field\":\"profile.tags\",\"op\":\"contains\",\"value\":\"vip\"}", "p1", "p2");
        assertPicks("{\"field\":\"profile.bio\",\"op\":\"contains\",\"value\":\"email\"}", "p1");
        assertPicks("{\"field\":\"profile.plan\",\"op\":\"contains\",\"value\":\"pro\"}", "p1", "p3", "p5");
    }

    @Test
    void all_any_and_not_join_comparisons() {
        assertPicks(
                "{\"all\":[{\"field\":\"profile.plan\",\"op\":\"equals\",\"value\":\"pro\"},"
                        + "{\"field\":\"profile.seats\",\"op\":\"greater_than\",\"value\":5}]}",
                "p1");
        assertPicks(
                "{\"any\":[{\"field\":\"profile.plan\",\"op\":\"equals\",\"value\":\"free\"},"
                        + "{\"field\":\"profile.address.city\",\"op\":\"exists\"}]}",
                "p1",
                "p2");
        assertPicks("{\"not\":{\"field\":\"profile.address.city\",\"op\":\"exists\"}}", "p3", "p4", "p5");
        // A missing field makes the comparison false, so its negation holds: never a NULL that NOT keeps NULL.
        assertPicks("{\"not\":{\"field\":\"profile.seats\",\"op\":\"greater_than\",\"value\":5}}", "p2", "p3", "p4");
    }

    @Test
    void a_value_that_would_break_out_of_the_sql_is_only_a_value() {
        assertPicks("{\"field\":\"profile.plan\",\"op\":\"equals\",\"value\":\"pro') OR (1=1\"}");
        assertPicks("{\"field\":\"profile.bio\",\"op\":\"contains\",\"value\":\"%' OR '1'='1\"}");
    }

    private void assertPicks(String conditionJson, String... expected) {
        Condition condition = JourneyJson.condition(
                Json.createReader(new StringReader(conditionJson)).readValue(),
                "condition",
                (field, message) -> {
                    throw new AssertionError(field + ": " + message);
                },
                1);
        List<String> picked = inSql(condition);
        assertThat(picked).as("SQL for %s", conditionJson).containsExactly(expected);
        List<String> inJava = new ArrayList<>();
        PROPERTIES.forEach((name, properties) -> {
            if (condition.holdsFor(new FieldValues(documents.read(properties), Map.of()))) {
                inJava.add(name);
            }
        });
        assertThat(inJava).as("Java for %s", conditionJson).containsExactly(expected);
    }

    private List<String> inSql(Condition condition) {
        ConditionSql.Fragment fragment = ConditionSql.of(condition, "properties");
        String sql = "SELECT id FROM profiles WHERE workspace_id = ? AND " + fragment.sql() + " ORDER BY id";
        try (Connection connection = db.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, workspace.value());
            fragment.bind(select, 2);
            List<String> picked = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    picked.add(names.get(rows.getString(1)));
                }
            }
            return picked;
        } catch (SQLException e) {
            throw new AssertionError("the condition's SQL failed: " + sql, e);
        }
    }
}
