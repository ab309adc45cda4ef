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

    /**
     * For the use cases that change a workspace (a draft, a test send, "Send now", a schedule): a viewer is refused.
     *
     * @throws RoleRefusal when this role only reads
     */
    public void requireChangesWorkspace() {
        if (!changesWorkspace()) {
            throw new RoleRefusal("A viewer reads and changes nothing here: ask an owner for the operator role.");
        }
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

    /** What an operator's role does not allow, said in words for them. */
    public static final class RoleRefusal extends RuntimeException {
        public RoleRefusal(String message) {
            super(message, null, false, false);
        }
    }
}
