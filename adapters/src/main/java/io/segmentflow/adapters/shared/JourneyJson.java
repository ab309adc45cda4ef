package io.segmentflow.adapters.shared;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one JSON form of a Journey's trigger, steps and conditions: what the API reads and answers, and what the store
 * keeps, so a definition reads back exactly as it was written. Reading reports every problem under its path
 * ({@code steps[2].duration}) to a {@link Problems} and goes on, so a caller fixes a definition in one round.
 */
public final class JourneyJson {
    private JourneyJson() {}

    /** Where reading reports what is wrong, by the field's full path. */
    @FunctionalInterface
    public interface Problems {
        void report(String field, String message);
    }

    private static final Set<String> TRIGGER_FIELDS = Set.of("type", "event", "filter");
    private static final Set<String> COMPARISON_FIELDS = Set.of("field", "op", "value", "values");

    // --- reading ---

    public static JourneyTrigger trigger(JsonValue json, String path, Problems problems) {
        JsonObject object = object(json, path, problems);
        if (object == null) {
            return null;
        }
        unknownFields(object, TRIGGER_FIELDS, path, problems);
        String type = string(object, "type", path, problems, true);
        if ("api".equals(type)) {
            return new JourneyTrigger.OnApiCall();
        }
        if (!"event".equals(type)) {
            if (type != null) {
                problems.report(path + ".type", "must be 'event' or 'api'");
            }
            return null;
        }
        EventName event =
                build(() -> new EventName(string(object, "event", path, problems, true)), path + ".event", problems);
        Optional<Condition> filter = optionalCondition(object, "filter", path, problems);
        return event == null || filter == null ? null : new JourneyTrigger.OnEvent(event, filter);
    }

    /** The graph, starting at {@code start} or, when that is null, at the first step. */
    public static JourneyGraph graph(String start, JsonValue json, String path, Problems problems) {
        if (json == null || json.getValueType() != JsonValue.ValueType.ARRAY) {
            problems.report(path, json == null ? "is required" : "must be an array of steps");
            return null;
        }
        JsonArray array = json.asJsonArray();
        List<JourneyStep> steps = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < array.size(); i++) {
            JourneyStep step = step(array.get(i), path + "[" + i + "]", problems);
            complete &= step != null;
            if (step != null) {
                steps.add(step);
            }
        }
        if (!complete) {
            return null;
        }
        String first =
                start != null ? start : steps.isEmpty() ? null : steps.get(0).id();
        return build(() -> new JourneyGraph(first, steps), path, problems);
    }

    static JourneyStep step(JsonValue json, String path, Problems reported) {
        Counter problems = new Counter(reported);
        JsonObject o = object(json, path, problems);
        if (o == null) {
            return null;
        }
        String type = string(o, "type", path, problems, true);
        String id = string(o, "id", path, problems, true);
        if (type == null || id == null) {
            return null;
        }
        int before = problems.count();
        JourneyStep step = switch (type) {
            case "send_email" -> {
                unknownFields(o, Set.of("id", "type", "templateId", "from", "subject", "next"), path, problems);
                String templateId = string(o, "templateId", path, problems, true);
                String from = string(o, "from", path, problems, false);
                Mailbox sender = from == null ? null : build(() -> Mailbox.parse(from), path + ".from", problems);
                String subject = string(o, "subject", path, problems, false);
                String next = string(o, "next", path, problems, false);
                yield templateId == null || (from != null && sender == null)
                        ? null
                        : build(
                                () -> new JourneyStep.SendEmail(
                                        id,
                                        templateId,
                                        Optional.ofNullable(sender),
                                        Optional.ofNullable(subject),
                                        next),
                                path,
                                problems);
            }
            case "wait" -> {
                unknownFields(o, Set.of("id", "type", "duration", "next"), path, problems);
                Duration duration = duration(o, "duration", path, problems);
                String next = string(o, "next", path, problems, false);
                yield duration == null ? null : build(() -> new JourneyStep.Wait(id, duration, next), path, problems);
            }
            case "wait_until" -> {
                unknownFields(
                        o, Set.of("id", "type", "event", "filter", "timeout", "next", "timeoutNext"), path, problems);
                EventName event =
                        build(() -> new EventName(string(o, "event", path, problems, true)), path + ".event", problems);
                Optional<Condition> filter = optionalCondition(o, "filter", path, problems);
                Duration timeout = duration(o, "timeout", path, problems);
                String next = string(o, "next", path, problems, false);
                String timeoutNext = string(o, "timeoutNext", path, problems, false);
                yield event == null || filter == null || timeout == null
                        ? null
                        : build(
                                () -> new JourneyStep.WaitUntil(id, event, filter, timeout, next, timeoutNext),
                                path,
                                problems);
            }
            case "branch" -> {
                unknownFields(o, Set.of("id", "type", "condition", "then", "else"), path, problems);
                Condition condition = o.containsKey("condition")
                        ? condition(o.get("condition"), path + ".condition", problems, 1)
                        : missing(path + ".condition", problems);
                String whenTrue = string(o, "then", path, problems, false);
                String whenFalse = string(o, "else", path, problems, false);
                yield condition == null
                        ? null
                        : build(() -> new JourneyStep.Branch(id, condition, whenTrue, whenFalse), path, problems);
            }
            case "update_profile" -> {
                unknownFields(o, Set.of("id", "type", "properties", "next"), path, problems);
                JsonObject properties = o.containsKey("properties")
                        ? object(o.get("properties"), path + ".properties", problems)
                        : missing(path + ".properties", problems);
                String next = string(o, "next", path, problems, false);
                yield properties == null
                        ? null
                        : build(() -> new JourneyStep.UpdateProfile(id, properties.toString(), next), path, problems);
            }
            case "exit" -> {
                unknownFields(o, Set.of("id", "type"), path, problems);
                yield build(() -> new JourneyStep.Exit(id), path, problems);
            }
            default -> {
                problems.report(
                        path + ".type", "must be one of send_email, wait, wait_until, branch, update_profile, exit");
                yield null;
            }
        };
        return problems.count() == before ? step : null;
    }

    /** A condition; {@code depth} counts from 1 so that nesting is refused before it is deep enough to hurt. */
    public static Condition condition(JsonValue json, String path, Problems problems, int depth) {
        JsonObject o = object(json, path, problems);
        if (o == null) {
            return null;
        }
        if (depth > Condition.MAX_DEPTH) {
            problems.report(path, "nests more than " + Condition.MAX_DEPTH + " levels deep");
            return null;
        }
        if (o.size() == 1 && (o.containsKey("all") || o.containsKey("any"))) {
            String join = o.containsKey("all") ? "all" : "any";
            JsonValue members = o.get(join);
            if (members.getValueType() != JsonValue.ValueType.ARRAY
                    || members.asJsonArray().isEmpty()) {
                problems.report(path + "." + join, "must be a non-empty array of conditions");
                return null;
            }
            List<Condition> parts = new ArrayList<>();
            JsonArray array = members.asJsonArray();
            if (array.size() > Condition.MAX_NODES) {
                problems.report(path + "." + join, "may hold at most " + Condition.MAX_NODES + " conditions");
                return null;
            }
            for (int i = 0; i < array.size(); i++) {
                Condition part = condition(array.get(i), path + "." + join + "[" + i + "]", problems, depth + 1);
                if (part == null) {
                    return null;
                }
                parts.add(part);
            }
            return build(
                    () -> Condition.withinLimits(
                            join.equals("all") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts)),
                    path,
                    problems);
        }
        if (o.size() == 1 && o.containsKey("not")) {
            Condition inner = condition(o.get("not"), path + ".not", problems, depth + 1);
            return inner == null ? null : build(() -> Condition.withinLimits(new Condition.Not(inner)), path, problems);
        }
        unknownFields(o, COMPARISON_FIELDS, path, problems);
        String fieldText = string(o, "field", path, problems, true);
        FieldPath field = fieldText == null ? null : build(() -> FieldPath.parse(fieldText), path + ".field", problems);
        String op = string(o, "op", path, problems, true);
        if (field == null || op == null) {
            return null;
        }
        if (op.equals("exists")) {
            return new Condition.Exists(field);
        }
        if (op.equals("in")) {
            if (!o.containsKey("values") || o.get("values").getValueType() != JsonValue.ValueType.ARRAY) {
                problems.report(path + ".values", "must be an array of values for 'in'");
                return null;
            }
            JsonArray array = o.get("values").asJsonArray();
            List<Literal> values = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                Literal literal = literal(array.get(i), path + ".values[" + i + "]", problems);
                if (literal == null) {
                    return null;
                }
                values.add(literal);
            }
            return build(() -> new Condition.In(field, values), path + ".values", problems);
        }
        if (!o.containsKey("value")) {
            problems.report(path + ".value", "is required for '" + op + "'");
            return null;
        }
        Literal value = literal(o.get("value"), path + ".value", problems);
        if (value == null) {
            return null;
        }
        Supplier<Condition> comparison = switch (op) {
            case "equals" -> () -> new Condition.Equals(field, value);
            case "not_equals" -> () -> new Condition.NotEquals(field, value);
            case "greater_than" -> () -> new Condition.GreaterThan(field, value);
            case "less_than" -> () -> new Condition.LessThan(field, value);
            case "contains" -> () -> new Condition.Contains(field, value);
            default -> null;
        };
        if (comparison == null) {
            problems.report(
                    path + ".op", "must be one of equals, not_equals, in, exists, greater_than, less_than, contains");
            return null;
        }
        return build(comparison, path + ".value", problems);
    }

    private static Literal literal(JsonValue json, String path, Problems problems) {
        return switch (json.getValueType()) {
            case STRING -> build(() -> new Literal.Text(((JsonString) json).getString()), path, problems);
            case NUMBER -> build(() -> new Literal.Number(((JsonNumber) json).bigDecimalValue()), path, problems);
            case TRUE -> new Literal.Flag(true);
            case FALSE -> new Literal.Flag(false);
            default -> {
                problems.report(path, "must be a string, a number, true or false");
                yield null;
            }
        };
    }

    /** An optional condition field: empty when absent, null when present but refused. */
    private static Optional<Condition> optionalCondition(JsonObject o, String name, String path, Problems problems) {
        if (!o.containsKey(name) || o.get(name).getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        Condition condition = condition(o.get(name), path + "." + name, problems, 1);
        return condition == null ? null : Optional.of(condition);
    }

    private static Duration duration(JsonObject o, String name, String path, Problems problems) {
        String text = string(o, name, path, problems, true);
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            problems.report(path + "." + name, "must be an ISO-8601 duration such as PT30M, PT12H or P3D");
            return null;
        }
    }

    private static String string(JsonObject o, String name, String path, Problems problems, boolean required) {
        JsonValue value = o.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                problems.report(path + "." + name, "is required");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            problems.report(path + "." + name, "must be a string");
            return null;
        }
        String text = ((JsonString) value).getString();
        if (text.indexOf('\u0000') >= 0) {
            problems.report(path + "." + name, "must not contain the NUL character");
            return null;
        }
        return text;
    }

    private static JsonObject object(JsonValue json, String path, Problems problems) {
        if (json == null || json.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.report(path, json == null ? "is required" : "must be an object");
            return null;
        }
        return json.asJsonObject();
    }

    private static <T> T missing(String path, Problems problems) {
        problems.report(path, "is required");
        return null;
    }

    private static void unknownFields(JsonObject o, Set<String> known, String path, Problems problems) {
        for (String name : o.keySet()) {
            if (!known.contains(name)) {
                problems.report(path + "." + name, "is not a known field");
            }
        }
    }

    private static <T> T build(Supplier<T> builder, String path, Problems problems) {
        try {
            return builder.get();
        } catch (InvalidValueException e) {
            problems.report(path + "." + e.field(), e.getMessage());
            return null;
        }
    }

    /** A {@link Problems} that counts; reading wraps the caller's in one. */
    public static final class Counter implements Problems {
        private final Problems target;
        private int count;

        public Counter(Problems target) {
            this.target = target;
        }

        @Override
        public void report(String field, String message) {
            count++;
            target.report(field, message);
        }

        public int count() {
            return count;
        }
    }

    // --- writing ---

    public static JsonObject write(JourneyTrigger trigger) {
        if (trigger instanceof JourneyTrigger.OnEvent onEvent) {
            JsonObjectBuilder json = Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("type", "event")
                    .add("event", onEvent.event().value());
            onEvent.filter().ifPresent(filter -> json.add("filter", write(filter)));
            return json.build();
        }
        return Jsonp.PROVIDER.createObjectBuilder().add("type", "api").build();
    }

    public static JsonArray writeSteps(JourneyGraph graph) {
        JsonArrayBuilder steps = Jsonp.PROVIDER.createArrayBuilder();
        for (JourneyStep step : graph.steps()) {
            steps.add(write(step));
        }
        return steps.build();
    }

    static JsonObject write(JourneyStep step) {
        JsonObjectBuilder json = Jsonp.PROVIDER.createObjectBuilder().add("id", step.id());
        if (step instanceof JourneyStep.SendEmail email) {
            json.add("type", "send_email").add("templateId", email.templateId());
            email.from().ifPresent(from -> json.add("from", from.toString()));
            email.subject().ifPresent(subject -> json.add("subject", subject));
            nullable(json, "next", email.next());
        } else if (step instanceof JourneyStep.Wait wait) {
            json.add("type", "wait").add("duration", text(wait.duration()));
            nullable(json, "next", wait.next());
        } else if (step instanceof JourneyStep.WaitUntil waitUntil) {
            json.add("type", "wait_until").add("event", waitUntil.event().value());
            waitUntil.filter().ifPresent(filter -> json.add("filter", write(filter)));
            json.add("timeout", text(waitUntil.timeout()));
            nullable(json, "next", waitUntil.next());
            nullable(json, "timeoutNext", waitUntil.timeoutNext());
        } else if (step instanceof JourneyStep.Branch branch) {
            json.add("type", "branch").add("condition", write(branch.condition()));
            nullable(json, "then", branch.whenTrue());
            nullable(json, "else", branch.whenFalse());
        } else if (step instanceof JourneyStep.UpdateProfile update) {
            json.add("type", "update_profile")
                    .add(
                            "properties",
                            Jsonp.PROVIDER
                                    .createReader(new java.io.StringReader(update.properties()))
                                    .readObject());
            nullable(json, "next", update.next());
        } else {
            json.add("type", "exit");
        }
        return json.build();
    }

    public static JsonObject write(Condition condition) {
        if (condition instanceof Condition.AllOf all) {
            return Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("all", writeAll(all.conditions()))
                    .build();
        }
        if (condition instanceof Condition.AnyOf any) {
            return Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("any", writeAll(any.conditions()))
                    .build();
        }
        if (condition instanceof Condition.Not not) {
            return Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("not", write(not.condition()))
                    .build();
        }
        Condition.Comparison comparison = (Condition.Comparison) condition;
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("field", comparison.field().toString());
        if (comparison instanceof Condition.Exists) {
            return json.add("op", "exists").build();
        }
        if (comparison instanceof Condition.In in) {
            JsonArrayBuilder values = Jsonp.PROVIDER.createArrayBuilder();
            in.values().forEach(value -> values.add(write(value)));
            return json.add("op", "in").add("values", values).build();
        }
        String op;
        Literal value;
        if (comparison instanceof Condition.Equals equals) {
            op = "equals";
            value = equals.value();
        } else if (comparison instanceof Condition.NotEquals notEquals) {
            op = "not_equals";
            value = notEquals.value();
        } else if (comparison instanceof Condition.GreaterThan greater) {
            op = "greater_than";
            value = greater.value();
        } else if (comparison instanceof Condition.LessThan less) {
            op = "less_than";
            value = less.value();
        } else {
            op = "contains";
            value = ((Condition.Contains) comparison).value();
        }
        return json.add("op", op).add("value", write(value)).build();
    }

    private static JsonArray writeAll(List<Condition> conditions) {
        JsonArrayBuilder array = Jsonp.PROVIDER.createArrayBuilder();
        conditions.forEach(c -> array.add(write(c)));
        return array.build();
    }

    private static JsonValue write(Literal literal) {
        if (literal instanceof Literal.Text text) {
            return Jsonp.PROVIDER.createValue(text.value());
        }
        if (literal instanceof Literal.Number number) {
            return Jsonp.PROVIDER.createValue(number.value());
        }
        return ((Literal.Flag) literal).value() ? JsonValue.TRUE : JsonValue.FALSE;
    }

    /** Whole days as days ({@code P3D}), as a caller writes them, rather than {@code PT72H}. */
    private static String text(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0
                ? "P" + duration.toDays() + "D"
                : duration.toString();
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
