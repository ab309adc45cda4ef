package io.segmentflow.application.profileimport;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.domain.profile.ProfileProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each column of a CSV upload holds, read from its header row:
 * <ul>
 *   <li>{@code email}, {@code externalId}: the Profile's identifiers (at least one of the two columns);</li>
 *   <li>{@code subscriptions.<groupId>}: consent to that subscription group, {@code subscribed} or
 *       {@code unsubscribed};</li>
 *   <li>any other name, or {@code properties.<name>}: a property, text by default; {@code <name>:number} and
 *       {@code <name>:boolean} read the values as JSON numbers or {@code true}/{@code false}.</li>
 * </ul>
 * An empty value leaves that part of the Profile as it is.
 */
record CsvColumns(List<Column> columns) {
    static final int MAX_COLUMNS = ProfileProperties.MAX_KEYS + 100;
    private static final String PROPERTIES = "properties.";
    private static final String SUBSCRIPTIONS = "subscriptions.";
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    enum Kind {
        EMAIL,
        EXTERNAL_ID,
        PROPERTY,
        CONSENT
    }

    enum ValueType {
        TEXT,
        NUMBER,
        BOOLEAN
    }

    /** One column; {@code name} is the property's name or the group's id. */
    record Column(Kind kind, String name, ValueType type) {}

    /** The subscription groups the header names. */
    Set<String> groupIds() {
        Set<String> ids = new HashSet<>();
        columns.stream().filter(c -> c.kind() == Kind.CONSENT).forEach(c -> ids.add(c.name()));
        return ids;
    }

    /**
     * Reads a header row.
     *
     * @return the columns, or the problems of the header (each under {@code header[<position>]}) when it has any
     */
    static Parsed parse(String headerRow) {
        List<String> names;
        try {
            names = CsvFields.split(headerRow);
        } catch (CsvFields.Malformed e) {
            return new Parsed(null, List.of(new FieldError("header", e.getMessage())));
        }
        List<FieldError> problems = new ArrayList<>();
        if (names.size() > MAX_COLUMNS) {
            return new Parsed(
                    null,
                    List.of(new FieldError(
                            "header", "names " + names.size() + " columns; an import takes at most " + MAX_COLUMNS)));
        }
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String field = "header[" + i + "]";
            String name = names.get(i).strip();
            Column column = column(name);
            if (column == null) {
                problems.add(new FieldError(
                        field,
                        "'" + shortened(name) + "' is not a column an import knows: use"
                                + " email, externalId, subscriptions.<groupId>, or a property name (optionally"
                                + " properties.<name>, with :number or :boolean)"));
                continue;
            }
            if (!seen.add(column.kind() + " " + column.name())) {
                problems.add(new FieldError(field, "'" + shortened(name) + "' is named twice"));
                continue;
            }
            columns.add(column);
        }
        if (problems.isEmpty()
                && columns.stream().noneMatch(c -> c.kind() == Kind.EMAIL || c.kind() == Kind.EXTERNAL_ID)) {
            problems.add(new FieldError("header", "needs an email column, an externalId column or both"));
        }
        return problems.isEmpty() ? new Parsed(new CsvColumns(columns), List.of()) : new Parsed(null, problems);
    }

    /** A header read: its columns, or its problems. */
    record Parsed(CsvColumns columns, List<FieldError> problems) {}

    private static Column column(String name) {
        if (name.equals("email")) {
            return new Column(Kind.EMAIL, null, null);
        }
        if (name.equals("externalId")) {
            return new Column(Kind.EXTERNAL_ID, null, null);
        }
        if (name.startsWith(SUBSCRIPTIONS)) {
            String group = name.substring(SUBSCRIPTIONS.length());
            return GROUP_ID.matcher(group).matches() ? new Column(Kind.CONSENT, group, null) : null;
        }
        String property = name.startsWith(PROPERTIES) ? name.substring(PROPERTIES.length()) : name;
        ValueType type = ValueType.TEXT;
        int colon = property.lastIndexOf(':');
        if (colon >= 0) {
            String suffix = property.substring(colon + 1);
            property = property.substring(0, colon);
            if (suffix.equals("number")) {
                type = ValueType.NUMBER;
            } else if (suffix.equals("boolean")) {
                type = ValueType.BOOLEAN;
            } else if (!suffix.equals("text")) {
                return null;
            }
        }
        return ProfileProperties.isKey(property) ? new Column(Kind.PROPERTY, property, type) : null;
    }

    private static String shortened(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80) + "...";
    }
}
