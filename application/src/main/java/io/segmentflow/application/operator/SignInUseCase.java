package io.segmentflow.application.operator;

import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Who may sign in to the dashboard, and what a signed-in operator may do where. */
public interface SignInUseCase {
    /** What a sign-in came to. */
    sealed interface Outcome {}

    /** The password is right; {@code workspaces} are where the operator has a role, the first given first. */
    record Admitted(String email, List<Member> workspaces) implements Outcome {}

    /** The email or the password is wrong (which one is not said), or the account has no workspace any more. */
    record Refused() implements Outcome {}

    /** Too many failures lately for this account or from this address: not even checked, for {@code retryAfter}. */
    record TooManyFailures(Duration retryAfter) implements Outcome {}

    /**
     * Checks an email and password. Failures are limited per account and per client address; past either limit the
     * password is not checked at all, so guessing goes no faster than the limit refills.
     */
    Outcome signIn(String email, String password, String clientAddress);

    /** The role of the signed-in operator {@code email} in {@code workspace}; empty when they have none (any more). */
    Optional<Role> roleOf(String email, WorkspaceId workspace);
}
