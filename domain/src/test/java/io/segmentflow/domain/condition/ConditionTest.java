package io.segmentflow.domain.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.condition.Condition.AllOf;
import io.segmentflow.domain.condition.Condition.AnyOf;
import io.segmentflow.domain.condition.Condition.Contains;
import io.segmentflow.domain.condition.Condition.Equals;
import io.segmentflow.domain.condition.Condition.Exists;
import io.segmentflow.domain.condition.Condition.GreaterThan;
import io.segmentflow.domain.condition.Condition.In;
import io.segmentflow.domain.condition.Condition.LessThan;
import io.segmentflow.domain.condition.Condition.Not;
import io.segmentflow.domain.condition.Condition.NotEquals;
import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final Map<String, Object> PROFILE = Map.of(
            "plan",
            "pro",
            "seats",
            new BigDecimal("12"),
            "verified",
            Boolean.TRUE,
            "trialEndsAt",
            "2026-12-01T09:00:00Z",
            "tags",
            List.of("beta", "vip"),
            "address",
            Map.of("city", "Lyon"));
    private static final Map<String, Object> EVENT = eventWithNull();
    private static final FieldValues VALUES = new FieldValues(PROFILE, EVENT);

    private static Map<String, Object> eventWithNull() {
        Map<String, Object> event = new HashMap<>();
        event.put("total", new BigDecimal("99.50"));
        event.put("coupon", null);
        return event;
    }

    private static FieldPath field(String text) {
        return FieldPath.parse(text);
    }

    private static Literal text(String value) {
        return new Literal.Text(value);
    }

    private static Literal number(String value) {
        return new Literal.Number(new BigDecimal(value));
    }

    @Test
    void equals_compares_text_exactly_and_numbers_by_value() {
        assertThat(new Equals(field("profile.plan"), text("pro")).holdsFor(VALUES))
                .isTrue();
        assertThat(new Equals(field("profile.plan"), text("Pro")).holdsFor(VALUES))
                .isFalse();
        assertThat(new Equals(field("profile.seats"), number("12.0")).holdsFor(VALUES))
                .isTrue();
        assertThat(new Equals(field("profile.seats"), text("12")).holdsFor(VALUES))
                .isFalse();
        assertThat(new Equals(field("profile.verified"), new Literal.Flag(true)).holdsFor(VALUES))
                .isTrue();
        assertThat(new Equals(field("profile.address.city"), text("Lyon")).holdsFor(VALUES))
                .isTrue();
    }

    @Test
    void a_missing_field_equals_nothing_and_differs_from_everything() {
        assertThat(new Equals(field("profile.missing"), text("x")).holdsFor(VALUES))
                .isFalse();
        assertThat(new NotEquals(field("profile.missing"), text("x")).holdsFor(VALUES))
                .isTrue();
        assertThat(new NotEquals(field("profile.plan"), text("pro")).holdsFor(VALUES))
                .isFalse();
        assertThat(new Equals(field("profile.plan.deeper"), text("pro")).holdsFor(VALUES))
                .isFalse();
        assertThat(new GreaterThan(field("profile.missing"), number("1")).holdsFor(VALUES))
                .isFalse();
        assertThat(new LessThan(field("profile.missing"), number("1")).holdsFor(VALUES))
                .isFalse();
    }

    @Test
    void exists_needs_the_field_there_and_not_null() {
        assertThat(new Exists(field("event.total")).holdsFor(VALUES)).isTrue();
        assertThat(new Exists(field("event.coupon")).holdsFor(VALUES)).isFalse();
        assertThat(new Exists(field("event.nothing")).holdsFor(VALUES)).isFalse();
        assertThat(new Exists(field("profile.address")).holdsFor(VALUES)).isTrue();
    }

    @Test
    void in_holds_when_any_value_equals() {
        assertThat(new In(field("profile.plan"), List.of(text("free"), text("pro"))).holdsFor(VALUES))
                .isTrue();
        assertThat(new In(field("profile.plan"), List.of(text("free"))).holdsFor(VALUES))
                .isFalse();
        assertThat(new In(field("profile.seats"), List.of(number("1"), number("12"))).holdsFor(VALUES))
                .isTrue();
    }

    @Test
    void orderings_compare_numbers_with_numbers_and_dates_with_dates() {
        assertThat(new GreaterThan(field("event.total"), number("99")).holdsFor(VALUES))
                .isTrue();
        assertThat(new GreaterThan(field("event.total"), number("99.5")).holdsFor(VALUES))
                .isFalse();
        assertThat(new LessThan(field("event.total"), number("100")).holdsFor(VALUES))
                .isTrue();
        assertThat(new GreaterThan(field("profile.trialEndsAt"), text("2026-11-30")).holdsFor(VALUES))
                .isTrue();
        assertThat(new LessThan(field("profile.trialEndsAt"), text("2026-12-01T10:00:00+01:00")).holdsFor(VALUES))
                .as("09:00Z is the same moment as 10:00+01:00, so not before it")
                .isFalse();
        assertThat(new LessThan(field("profile.trialEndsAt"), text("2026-12-01T10:00:01+01:00")).holdsFor(VALUES))
                .isTrue();
        assertThat(new GreaterThan(field("profile.plan"), number("1")).holdsFor(VALUES))
                .as("text that is not a number does not order against one")
                .isFalse();
        assertThat(new GreaterThan(field("event.total"), text("2026-01-01")).holdsFor(VALUES))
                .as("a number does not order against a date")
                .isFalse();
    }

    @Test
    void an_ordering_needs_a_number_or_a_date() {
        assertThatThrownBy(() -> new GreaterThan(field("profile.plan"), text("pro")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("number, a date or a date-time");
        assertThatThrownBy(() -> new LessThan(field("profile.plan"), new Literal.Flag(true)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void contains_looks_inside_text_and_lists() {
        assertThat(new Contains(field("profile.plan"), text("r")).holdsFor(VALUES))
                .isTrue();
        assertThat(new Contains(field("profile.tags"), text("vip")).holdsFor(VALUES))
                .isTrue();
        assertThat(new Contains(field("profile.tags"), text("vi")).holdsFor(VALUES))
                .isFalse();
        assertThat(new Contains(field("profile.seats"), number("1")).holdsFor(VALUES))
                .isFalse();
    }

    @Test
    void all_any_and_not_join_conditions() {
        Condition pro = new Equals(field("profile.plan"), text("pro"));
        Condition big = new GreaterThan(field("event.total"), number("1000"));
        assertThat(new AllOf(List.of(pro, big)).holdsFor(VALUES)).isFalse();
        assertThat(new AnyOf(List.of(pro, big)).holdsFor(VALUES)).isTrue();
        assertThat(new Not(big).holdsFor(VALUES)).isTrue();
        assertThat(new AllOf(List.of(pro, new Not(big))).holdsFor(VALUES)).isTrue();
    }

    @Test
    void fields_name_a_namespace_and_plain_keys() {
        assertThat(field("event.order.total").keys()).containsExactly("order", "total");
        assertThat(field("profile.first-name").namespace()).isEqualTo(Namespace.PROFILE);
        assertThat(field("event.order.total")).hasToString("event.order.total");
        for (String bad : List.of("data.x", "profile", "profile.", "profile..x", "event.a b", "event.${x}", "")) {
            assertThatThrownBy(() -> field(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void a_condition_is_bounded_in_size_and_depth() {
        Condition deep = new Exists(field("profile.plan"));
        for (int level = 1; level < Condition.MAX_DEPTH; level++) {
            deep = new Not(deep);
        }
        assertThat(Condition.withinLimits(deep)).isSameAs(deep);
        Condition tooDeep = new Not(deep);
        assertThatThrownBy(() -> Condition.withinLimits(tooDeep)).hasMessageContaining("nest");

        List<Condition> many = new ArrayList<>();
        for (int i = 0; i < Condition.MAX_NODES; i++) {
            many.add(new Exists(field("profile.plan")));
        }
        assertThatThrownBy(() -> Condition.withinLimits(new AnyOf(many))).hasMessageContaining("at most");
        assertThatThrownBy(() -> new AllOf(List.of())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Literal.Number(new BigDecimal("1e100000")))
                .isInstanceOf(InvalidValueException.class);
    }
}
