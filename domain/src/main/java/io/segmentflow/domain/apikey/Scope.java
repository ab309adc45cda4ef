package io.segmentflow.domain.apikey;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API key may do. The wire name ({@code emails:write}) is what callers write in {@code scopes}. */
public enum Scope {
    EMAILS_WRITE("emails:write"),
    EMAILS_READ("emails:read"),
    EVENTS_WRITE("events:write"),
    EVENTS_READ("events:read"),
    JOURNEYS_TRIGGER("journeys:trigger"),
    JOURNEYS_READ("journeys:read"),
    JOURNEYS_WRITE("journeys:write"),
    BROADCASTS_CREATE("broadcasts:create"),
    BROADCASTS_PREPARE("broadcasts:prepare"),
    BROADCASTS_CANCEL("broadcasts:cancel"),
    BROADCASTS_READ("broadcasts:read"),
    SEGMENTS_READ("segments:read"),
    SEGMENTS_WRITE("segments:write"),
    SUBSCRIPTION_GROUPS_READ("subscription_groups:read"),
    SUBSCRIPTION_GROUPS_WRITE("subscription_groups:write"),
    DOMAINS_READ("domains:read"),
    DOMAINS_WRITE("domains:write"),
    TEMPLATES_READ("templates:read"),
    TEMPLATES_WRITE("templates:write"),
    SUPPRESSIONS_READ("suppressions:read"),
    SUPPRESSIONS_WRITE("suppressions:write"),
    PROFILES_READ("profiles:read"),
    PROFILES_WRITE("profiles:write"),
    API_KEYS_WRITE("api_keys:write"),
    WORKSPACES_CREATE("workspaces:create");

    /** Every request's key is read with its scopes, so each name is looked up, not searched for. */
    private static final Map<String, Scope> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Scope::wireName, scope -> scope));

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Scope fromWire(String value) {
        // The map refuses a null look-up; a null name is an unknown one, as it always was.
        Scope scope = value == null ? null : BY_WIRE_NAME.get(value);
        if (scope != null) {
            return scope;
        }
        throw new InvalidValueException(
                "scopes",
                "unknown scope '" + value + "'; known: "
                        + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", ")));
    }

    /**
     * An unmodifiable copy of {@code scopes}. An enum set: a key's scopes are checked on every request, and a look-up
     * in one is a bit test.
     */
    public static Set<Scope> copyOf(Collection<Scope> scopes) {
        return Collections.unmodifiableSet(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
    }

    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }
}
