package io.segmentflow.domain.operator;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What an operator may do in one workspace. The rule, from most to least:
 * <ul>
 *   <li>{@link #OWNER}: everything an operator may do, and manages the workspace's operators (adds, changes roles,
 *       removes). A workspace keeps at least one owner.
 *   <li>{@link #OPERATOR}: prepares and sends (drafts, test sends, "Send now", schedules, cancels), but does not
 *       manage operators.
 *   <li>{@link #VIEWER}: reads every page and sends nothing: no "Send now", no change.
 * </ul>
 */
public enum Role {
    OWNER,
    OPERATOR,
    VIEWER;

    /** Whether this role adds operators, changes their roles and removes them. */
    public boolean managesOperators() {
        return this == OWNER;
    }

    /** Whether this role changes anything in the workspace: drafts, sends, schedules. A viewer only reads. */
    public boolean changesWorkspace() {
        return this != VIEWER;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("role", "must be one of owner, operator, viewer"));
    }
}
