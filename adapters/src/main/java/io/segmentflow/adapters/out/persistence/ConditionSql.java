package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.condition.Namespace;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition on Profile properties as a PostgreSQL boolean expression over a {@code jsonb} column, so that the
 * database picks a segment's Profiles itself. Every value and every field path is a bound parameter; the SQL text
 * depends only on the condition's shape. Each comparison is never NULL (a missing field makes it false, as in
 * {@link Condition}), so {@code NOT} means exactly "not", and it answers as {@link Condition#holdsFor} does:
 * <ul>
 *   <li>equals, not equals and in are containment ({@code @>}) of the field's value, which a GIN index serves and
 *       which compares numbers by value ({@code 1 = 1.0});</li>
 *   <li>exists needs the first key at the top ({@code ?}, indexed too) and a value other than null at the path;</li>
 *   <li>greater and less compare numbers as {@code numeric}, and dates as moments: the text must be an ISO-8601
 *       date or offset date-time that is a real day, checked before any cast, so a malformed value is merely
 *       false rather than an error for the whole query;</li>
 *   <li>contains is containment of an element in a list, or {@code strpos} in text.</li>
 * </ul>
 */
final class ConditionSql {
    /** A date: {@code yyyy-mm-dd} with month 01-12 and day 01-31 (year 0 is left out by the day check). */
    private static final String DATE = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";

    private static final String DATE_ONLY = "^" + DATE + "$";
    /** An offset date-time as java.time reads it: seconds and fractions optional, Z or an offset up to 18 hours. */
    private static final String DATE_TIME = "^" + DATE
            + "t([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(z|[+-](0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)$";

    /** Binds one parameter at its position. */
    interface Parameter {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    /** A piece of SQL and its parameters, in order. */
    record Fragment(String sql, List<Parameter> parameters) {
        /** Binds the parameters from position {@code first} on; returns the next free position. */
        int bind(PreparedStatement statement, int first) throws SQLException {
            int index = first;
            for (Parameter parameter : parameters) {
                parameter.bind(statement, index++);
            }
            return index;
        }
    }

    private final String column;
    private final List<Parameter> parameters = new ArrayList<>();

    private ConditionSql(String column) {
        this.column = column;
    }

    /** The condition as an expression over {@code column} (a {@code jsonb} column of Profile properties). */
    static Fragment of(Condition condition, String column) {
        ConditionSql translation = new ConditionSql(column);
        String sql = translation.expression(condition);
        return new Fragment(sql, List.copyOf(translation.parameters));
    }

    private String expression(Condition condition) {
        if (condition instanceof Condition.AllOf all) {
            return joined(all.conditions(), " AND ");
        }
        if (condition instanceof Condition.AnyOf any) {
            return joined(any.conditions(), " OR ");
        }
        if (condition instanceof Condition.Not not) {
            return "NOT " + expression(not.condition());
        }
        Condition.Comparison comparison = (Condition.Comparison) condition;
        if (comparison.field().namespace() != Namespace.PROFILE) {
            throw new IllegalArgumentException("a segment's condition reads profile.* fields only");
        }
        if (comparison instanceof Condition.Equals equals) {
            return contains(equals.field(), value(equals.value()));
        }
        if (comparison instanceof Condition.NotEquals notEquals) {
            return "NOT " + contains(notEquals.field(), value(notEquals.value()));
        }
        if (comparison instanceof Condition.In in) {
            List<String> any = new ArrayList<>();
            in.values().forEach(value -> any.add(contains(in.field(), value(value))));
            return "(" + String.join(" OR ", any) + ")";
        }
        if (comparison instanceof Condition.Exists exists) {
            return exists(exists.field());
        }
        if (comparison instanceof Condition.GreaterThan greater) {
            return ordered(greater.field(), greater.value(), ">");
        }
        if (comparison instanceof Condition.LessThan less) {
            return ordered(less.field(), less.value(), "<");
        }
        Condition.Contains contains = (Condition.Contains) comparison;
        String inList = contains(
                contains.field(),
                Jsonp.PROVIDER.createArrayBuilder().add(value(contains.value())).build());
        if (!(contains.value() instanceof Literal.Text text)) {
            return inList;
        }
        return "(" + inList + " OR COALESCE(CASE WHEN jsonb_typeof(" + at(contains.field())
                + ") = 'string' THEN strpos(" + textAt(contains.field()) + ", " + text(text.value())
                + ") > 0 END, false))";
    }

    private String joined(List<Condition> conditions, String join) {
        List<String> parts = new ArrayList<>();
        conditions.forEach(c -> parts.add(expression(c)));
        return "(" + String.join(join, parts) + ")";
    }

    /** The properties hold {@code value} at the field's path: {@code {"a":{"b":value}}}. */
    private String contains(FieldPath field, JsonValue value) {
        JsonValue document = value;
        List<String> keys = field.keys();
        for (int i = keys.size() - 1; i >= 0; i--) {
            JsonObjectBuilder level = Jsonp.PROVIDER.createObjectBuilder().add(keys.get(i), document);
            document = level.build();
        }
        String json = document.toString();
        parameters.add((statement, index) -> statement.setString(index, json));
        return "(" + column + " @> CAST(? AS jsonb))";
    }

    private String exists(FieldPath field) {
        String first = field.keys().get(0);
        parameters.add((statement, index) -> statement.setString(index, first));
        // '??' is the JDBC escape of the jsonb operator '?' (key exists at the top), which the GIN index serves.
        String top = column + " ?? ?";
        return "(" + top + " AND COALESCE(jsonb_typeof(" + at(field) + ") <> 'null', false))";
    }

    private String ordered(FieldPath field, Literal bound, String operator) {
        if (bound instanceof Literal.Number number) {
            // Each part binds its parameters as it is written, so they are made in the order of the text.
            String typed = "jsonb_typeof(" + at(field) + ") = 'number'";
            String value = "CAST(" + at(field) + " AS numeric)";
            parameters.add((statement, index) -> statement.setBigDecimal(index, number.value()));
            return "COALESCE(CASE WHEN " + typed + " THEN " + value + " " + operator + " ? END, false)";
        }
        Instant moment = Literal.momentOf(((Literal.Text) bound).value());
        return orderedMoment(field, moment, operator.equals(">"));
    }

    /**
     * The field's moment against a bound, never NULL. The field is compared only if it is an ISO-8601 date or offset
     * date-time naming a real day, checked before any cast. Costly checks run only where cheap ones leave the answer
     * open (nested CASEs, since PostgreSQL does not promise to evaluate the operands of AND in order):
     * <ol>
     *   <li>the text's first ten characters against the bound's UTC date, a day wider either way (an offset moves
     *       the local date by at most a day): outside that, no date or date-time compares as asked;</li>
     *   <li>a date ({@code yyyy-mm-dd}, its moment its midnight UTC) compares as text with a date, which is exact:
     *       after the bound means after the bound's UTC date; before it means before that date, or on it when the
     *       bound is past midnight;</li>
     *   <li>a date-time is cast to {@code timestamptz} and compared as a moment.</li>
     * </ol>
     */
    private String orderedMoment(FieldPath field, Instant bound, boolean after) {
        LocalDate day = LocalDate.ofInstant(bound, ZoneOffset.UTC);
        boolean midnight = bound.equals(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        String window = after ? dateText(day.minusDays(1)) : dateText(day.plusDays(1));
        String dateBound = after ? dateText(day) : dateText(midnight ? day : day.plusDays(1));
        String operator = after ? ">" : "<";
        // Built in the order of the text: each part binds its parameters as it is written.
        StringBuilder sql = new StringBuilder("COALESCE(CASE WHEN jsonb_typeof(");
        sql.append(at(field))
                .append(") = 'string' AND substr(")
                .append(textAt(field))
                .append(", 1, 10) ");
        sql.append(after ? ">=" : "<=").append(' ').append(text(window));
        sql.append(" THEN CASE WHEN ").append(textAt(field)).append(" ~ ").append(text(DATE_ONLY));
        sql.append(" THEN CASE WHEN ").append(realDay(field));
        sql.append(" THEN ")
                .append(textAt(field))
                .append(' ')
                .append(operator)
                .append(' ')
                .append(text(dateBound));
        sql.append(" END WHEN ").append(textAt(field)).append(" ~* ").append(text(DATE_TIME));
        sql.append(" THEN CASE WHEN ").append(realDay(field));
        sql.append(" THEN CAST(")
                .append(textAt(field))
                .append(" AS timestamptz) ")
                .append(operator);
        parameters.add((statement, index) -> statement.setObject(index, bound.atOffset(ZoneOffset.UTC)));
        sql.append(" CAST(? AS timestamptz) END END END, false)");
        return sql.toString();
    }

    /**
     * A date as ten characters that order as text as the dates do; a date outside years 1-9999 becomes a text that
     * orders before or after every such date.
     */
    private static String dateText(LocalDate date) {
        if (date.getYear() < 1) {
            return "0000-00-00";
        }
        return date.getYear() > 9999 ? "9999-99-99" : date.toString();
    }

    /**
     * The day of a text that starts with a checked {@code yyyy-mm-dd} is one its month has (no 31 April, no 29 February
     * of a common year): only days from the 29th need the calendar. Year 0 has no days (PostgreSQL has no year 0).
     */
    private String realDay(FieldPath field) {
        // Each use of the field binds its own path, so the year is written twice.
        String day = "substr(" + textAt(field) + ", 9, 2)";
        String year = "substr(" + textAt(field) + ", 1, 4)";
        String yearAgain = "substr(" + textAt(field) + ", 1, 4)";
        String dayNumber = "CAST(substr(" + textAt(field) + ", 9, 2) AS integer)";
        String firstOfMonth = "CAST(substr(" + textAt(field) + ", 1, 7) || '-01' AS date)";
        return "CASE WHEN " + day + " < '29' THEN " + year + " <> '0000' WHEN " + yearAgain
                + " = '0000' THEN false ELSE "
                + dayNumber + " <= CAST(extract(day FROM " + firstOfMonth
                + " + interval '1 month' - interval '1 day') AS integer) END";
    }

    /** The field's JSON value ({@code #>} with the path bound as a text array). */
    private String at(FieldPath field) {
        path(field);
        return column + " #> ?";
    }

    /** The field's value as text ({@code #>>}). */
    private String textAt(FieldPath field) {
        path(field);
        return "(" + column + " #>> ?)";
    }

    private void path(FieldPath field) {
        Object[] keys = field.keys().toArray();
        parameters.add((statement, index) ->
                statement.setArray(index, statement.getConnection().createArrayOf("text", keys)));
    }

    private String text(String value) {
        parameters.add((statement, index) -> statement.setString(index, value));
        return "CAST(? AS text)";
    }

    private static JsonValue value(Literal literal) {
        if (literal instanceof Literal.Text text) {
            return Jsonp.PROVIDER.createValue(text.value());
        }
        if (literal instanceof Literal.Number number) {
            return Jsonp.PROVIDER.createValue(number.value());
        }
        return ((Literal.Flag) literal).value() ? JsonValue.TRUE : JsonValue.FALSE;
    }
}
