package io.segmentflow.domain.condition;

import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A yes-or-no question about a Profile and an event. Comparisons read one field: a missing field, or one
 * of another type, makes {@code equals}, {@code in}, {@code contains} and the orderings false, and
 * {@code not_equals} true (it is exactly {@code not equals}). Numbers compare by value ({@code 1 = 1.0});
 * text that is a date or date-time orders as a moment against a date literal.
 */
public sealed interface Condition {
    /** The most comparisons and joins one condition may hold, and how deep joins may nest. */
    int MAX_NODES = 100;

    int MAX_DEPTH = 10;
    int MAX_IN_VALUES = 100;

    boolean holdsFor(FieldValues values);

    /** Comparisons and joins in this condition, itself included. */
    int nodes();

    int depth();

    /** Refuses a condition larger or deeper than the limits, so no caller makes evaluation costly. */
    static Condition withinLimits(Condition condition) {
        Objects.requireNonNull(condition);
        if (condition.nodes() > MAX_NODES) {
            throw new InvalidValueException(
                    "condition", "may hold at most " + MAX_NODES + " comparisons, alls, anys and nots");
        }
        if (condition.depth() > MAX_DEPTH) {
            throw new InvalidValueException("condition", "may nest at most " + MAX_DEPTH + " levels deep");
        }
        return condition;
    }

    /** A comparison of one field; its own node at depth one. */
    sealed interface Comparison extends Condition {
        FieldPath field();

        @Override
        default int nodes() {
            return 1;
        }

        @Override
        default int depth() {
            return 1;
        }
    }

    record Equals(FieldPath field, Literal value) implements Comparison {
        public Equals {
            Objects.requireNonNull(field);
            Objects.requireNonNull(value);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            return same(values.at(field), value);
        }
    }

    record NotEquals(FieldPath field, Literal value) implements Comparison {
        public NotEquals {
            Objects.requireNonNull(field);
            Objects.requireNonNull(value);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            return !same(values.at(field), value);
        }
    }

    record In(FieldPath field, List<Literal> values) implements Comparison {
        public In {
            Objects.requireNonNull(field);
            values = List.copyOf(values);
            if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
                throw new InvalidValueException("values", "must hold 1 to " + MAX_IN_VALUES + " values");
            }
        }

        @Override
        public boolean holdsFor(FieldValues state) {
            Object actual = state.at(field);
            return values.stream().anyMatch(candidate -> same(actual, candidate));
        }
    }

    /** The field is there and not null. */
    record Exists(FieldPath field) implements Comparison {
        public Exists {
            Objects.requireNonNull(field);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            Object actual = values.at(field);
            return actual != FieldValues.ABSENT && actual != null;
        }
    }

    /** A number above a number, or a date after a date; the literal must be one of the two. */
    record GreaterThan(FieldPath field, Literal value) implements Comparison {
        public GreaterThan {
            Objects.requireNonNull(field);
            requireOrdered(value);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            Integer order = order(values.at(field), value);
            return order != null && order > 0;
        }
    }

    /** A number below a number, or a date before a date. */
    record LessThan(FieldPath field, Literal value) implements Comparison {
        public LessThan {
            Objects.requireNonNull(field);
            requireOrdered(value);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            Integer order = order(values.at(field), value);
            return order != null && order < 0;
        }
    }

    /** Text holding the literal's text, or a list holding an element equal to the literal. */
    record Contains(FieldPath field, Literal value) implements Comparison {
        public Contains {
            Objects.requireNonNull(field);
            Objects.requireNonNull(value);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            Object actual = values.at(field);
            if (actual instanceof String text) {
                return value instanceof Literal.Text part && text.contains(part.value());
            }
            if (actual instanceof List<?> list) {
                return list.stream().anyMatch(element -> same(element, value));
            }
            return false;
        }
    }

    /** Every condition holds. */
    record AllOf(List<Condition> conditions) implements Condition {
        public AllOf {
            conditions = requireSome(conditions);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            return conditions.stream().allMatch(condition -> condition.holdsFor(values));
        }

        @Override
        public int nodes() {
            return 1 + conditions.stream().mapToInt(Condition::nodes).sum();
        }

        @Override
        public int depth() {
            return 1 + conditions.stream().mapToInt(Condition::depth).max().orElse(0);
        }
    }

    /** At least one condition holds. */
    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = requireSome(conditions);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            return conditions.stream().anyMatch(condition -> condition.holdsFor(values));
        }

        @Override
        public int nodes() {
            return 1 + conditions.stream().mapToInt(Condition::nodes).sum();
        }

        @Override
        public int depth() {
            return 1 + conditions.stream().mapToInt(Condition::depth).max().orElse(0);
        }
    }

    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition);
        }

        @Override
        public boolean holdsFor(FieldValues values) {
            return !condition.holdsFor(values);
        }

        @Override
        public int nodes() {
            return 1 + condition.nodes();
        }

        @Override
        public int depth() {
            return 1 + condition.depth();
        }
    }

    private static List<Condition> requireSome(List<Condition> conditions) {
        List<Condition> copy = List.copyOf(conditions);
        if (copy.isEmpty()) {
            throw new InvalidValueException("condition", "all and any need at least one condition");
        }
        return copy;
    }

    private static void requireOrdered(Literal value) {
        Objects.requireNonNull(value);
        boolean ordered = value instanceof Literal.Number
                || (value instanceof Literal.Text text && Literal.momentOf(text.value()) != null);
        if (!ordered) {
            throw new InvalidValueException("value", "must be a number, a date or a date-time to compare in order");
        }
    }

    private static boolean same(Object actual, Literal literal) {
        if (literal instanceof Literal.Number number) {
            return actual instanceof BigDecimal decimal && decimal.compareTo(number.value()) == 0;
        }
        return literal.value().equals(actual);
    }

    /** The field's order against the literal, null when they do not compare. */
    private static Integer order(Object actual, Literal literal) {
        if (literal instanceof Literal.Number number) {
            return actual instanceof BigDecimal decimal ? decimal.compareTo(number.value()) : null;
        }
        Instant bound = Literal.momentOf(((Literal.Text) literal).value());
        Instant moment = actual instanceof String text ? Literal.momentOf(text) : null;
        return moment == null ? null : moment.compareTo(bound);
    }
}
