package io.segmentflow.application.profileimport;

import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.profile.ProfileProperties;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one staged row of an import into an {@link ImportedProfile}, with the rules of the Profiles API (address
 * syntax, externalId length, property names and values), or says why the row is refused. Values are data: nothing in
 * them is evaluated.
 */
final class ImportRowParser {
    static final String MALFORMED_ROW = "malformed_row";
    static final String VALIDATION_FAILED = "validation_failed";
    private static final int MAX_GROUP_ID_LENGTH = 40;
    private static final Set<String> NDJSON_FIELDS = Set.of("email", "externalId", "properties", "subscriptions");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final ProfileImportFormat format;
    private final CsvColumns columns;
    private final StateDocuments documents;

    ImportRowParser(ProfileImportFormat format, CsvColumns columns, StateDocuments documents) {
        this.format = format;
        this.columns = columns;
        this.documents = documents;
    }

    /** A row read: the Profile it names, or why it is refused. */
    record Read(ImportedProfile profile, ImportRowError error) {}

    Read read(StagedRow row) {
        if (row.refusal() != null) {
            return refused(row.line(), row.refusal(), refusalMessage(row.refusal()));
        }
        try {
            return new Read(format == ProfileImportFormat.CSV ? csv(row) : ndjson(row), null);
        } catch (Refused e) {
            return refused(row.line(), e.code, e.getMessage());
        } catch (InvalidValueException e) {
            return refused(row.line(), VALIDATION_FAILED, e.field() + ": " + e.getMessage());
        }
    }

    private static Read refused(long line, String code, String message) {
        return new Read(null, new ImportRowError(line, code, message));
    }

    private static String refusalMessage(String refusal) {
        return switch (refusal) {
            case UploadRows.ROW_TOO_LONG -> "the row is longer than " + UploadRows.MAX_ROW_CHARS + " characters";
            case UploadRows.NUL_CHARACTER -> "the row holds a NUL character";
            default -> "the row cannot be read";
        };
    }

    private ImportedProfile csv(StagedRow row) {
        List<String> values;
        try {
            values = CsvFields.split(row.text());
        } catch (CsvFields.Malformed e) {
            throw new Refused(MALFORMED_ROW, e.getMessage());
        }
        List<CsvColumns.Column> header = columns.columns();
        if (values.size() != header.size()) {
            throw new Refused(
                    MALFORMED_ROW,
                    "the row has " + values.size() + " values; the header names " + header.size() + " columns");
        }
        EmailAddress email = null;
        String externalId = null;
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, ConsentStatus> consents = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value.isEmpty()) {
                continue;
            }
            CsvColumns.Column column = header.get(i);
            switch (column.kind()) {
                case EMAIL -> email = EmailAddress.of(value);
                case EXTERNAL_ID -> externalId = value;
                case CONSENT -> consents.put(column.name(), consent(column.name(), value));
                case PROPERTY -> properties.put(column.name(), typed(column, value));
            }
        }
        return checked(row.line(), email, externalId, properties, consents);
    }

    private Object typed(CsvColumns.Column column, String value) {
        String field = "properties." + column.name();
        return switch (column.type()) {
            case TEXT -> value;
            case BOOLEAN ->
                switch (value.strip()) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new InvalidValueException(field, "must be true or false");
                };
            case NUMBER -> number(field, value.strip());
        };
    }

    /** A number as the Profiles API reads it from JSON, within the same limits. */
    private BigDecimal number(String field, String value) {
        if (!JSON_NUMBER.matcher(value).matches()) {
            throw new InvalidValueException(field, "must be a number");
        }
        try {
            return (BigDecimal) documents.read("{\"n\":" + value + "}").get("n");
        } catch (InvalidValueException e) {
            throw new InvalidValueException(field, e.getMessage());
        }
    }

    private ImportedProfile ndjson(StagedRow row) {
        Map<String, Object> object;
        try {
            object = documents.read(row.text());
        } catch (InvalidValueException e) {
            throw new Refused(MALFORMED_ROW, "the line is not a JSON object: " + e.getMessage());
        }
        for (String key : object.keySet()) {
            if (!NDJSON_FIELDS.contains(key)) {
                throw new InvalidValueException(
                        shortened(key),
                        "is not a field of an import row (email, externalId, properties, subscriptions)");
            }
        }
        EmailAddress email = object.get("email") == null ? null : EmailAddress.of(text(object, "email"));
        String externalId = object.get("externalId") == null ? null : text(object, "externalId");
        Map<String, Object> properties = object(object, "properties");
        Map<String, ConsentStatus> consents = new LinkedHashMap<>();
        object(object, "subscriptions").forEach((group, value) -> {
            if (!(value instanceof String status)) {
                throw new InvalidValueException(
                        "subscriptions." + shortened(group), "must be subscribed or unsubscribed");
            }
            consents.put(group, consent(group, status));
        });
        return checked(row.line(), email, externalId, properties, consents);
    }

    private static String text(Map<String, Object> object, String field) {
        if (object.get(field) instanceof String text) {
            return text;
        }
        throw new InvalidValueException(field, "must be a string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> object, String field) {
        Object value = object.get(field);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new InvalidValueException(field, "must be an object");
    }

    private static ConsentStatus consent(String group, String value) {
        if (group.isEmpty() || group.length() > MAX_GROUP_ID_LENGTH) {
            throw new InvalidValueException("subscriptions." + shortened(group), "is not a subscription group id");
        }
        return switch (value.strip()) {
            case "subscribed" -> ConsentStatus.SUBSCRIBED;
            case "unsubscribed" -> ConsentStatus.UNSUBSCRIBED;
            default ->
                throw new InvalidValueException(
                        "subscriptions." + shortened(group), "must be subscribed or unsubscribed");
        };
    }

    private static ImportedProfile checked(
            long line,
            EmailAddress email,
            String externalId,
            Map<String, Object> properties,
            Map<String, ConsentStatus> consents) {
        if (email == null && externalId == null) {
            throw new InvalidValueException("email", "the row names no email and no externalId");
        }
        ProfileIdentity identity = new ProfileIdentity(email, externalId);
        List<InvalidValueException> problems = ProfileProperties.problems(properties, "properties");
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return new ImportedProfile(line, identity, properties, consents);
    }

    private static String shortened(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    private static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
