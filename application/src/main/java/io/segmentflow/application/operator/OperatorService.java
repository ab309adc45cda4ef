package io.segmentflow.application.operator;

import io.segmentflow.application.access.AuthenticationLimit;
import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.application.port.out.Operators;
import io.segmentflow.application.port.out.PasswordHashes;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.Workspaces;
import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Operator;
import io.segmentflow.domain.operator.OperatorEmail;
import io.segmentflow.domain.operator.PasswordPolicy;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster;
import io.segmentflow.domain.operator.Roster.RosterRefusal;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Signs operators in and manages their roles. */
public class OperatorService implements SignInUseCase, ManageOperatorsUseCase {
    private final Operators operators;
    private final Workspaces workspaces;
    private final PasswordHashes hashes;
    private final Transactions transactions;
    private final Clock clock;
    private final AuthenticationLimit perAccount;
    private final AuthenticationLimit perAddress;
    /** Checked against when the email has no account, so that a wrong email takes as long as a wrong password. */
    private final String decoyHash;

    /**
     * @param perAccount failures allowed per email address signed in with (whether or not it has an account)
     * @param perAddress failures allowed per client address
     */
    public OperatorService(
            Operators operators,
            Workspaces workspaces,
            PasswordHashes hashes,
            Transactions transactions,
            Clock clock,
            AuthenticationLimit perAccount,
            AuthenticationLimit perAddress) {
        this.operators = operators;
        this.workspaces = workspaces;
        this.hashes = hashes;
        this.transactions = transactions;
        this.clock = clock;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.decoyHash = hashes.hash(PasswordPolicy.generate());
    }

    @Override
    public Outcome signIn(String email, String password, String clientAddress) {
        Optional<OperatorEmail> account = email(email);
        // An address that is no email is counted under one name, so that it cannot fill the table of accounts.
        String accountKey = account.map(OperatorEmail::value).orElse("(not an email)");
        try {
            perAddress.check(clientAddress);
            perAccount.check(accountKey);
        } catch (TooManyFailuresException e) {
            return new TooManyFailures(e.retryAfter());
        }
        Optional<Operator> operator = account.flatMap(operators::find);
        boolean right = password != null
                && password.length() <= PasswordPolicy.MAX_LENGTH * 2
                && hashes.matches(password, operator.map(Operator::passwordHash).orElse(decoyHash))
                && operator.isPresent();
        if (!right) {
            perAddress.failed(clientAddress);
            perAccount.failed(accountKey);
            return new Refused();
        }
        List<Member> memberships = operators.membershipsOf(operator.get().email());
        if (memberships.isEmpty()) {
            return new Refused();
        }
        return new Admitted(operator.get().email().value(), memberships);
    }

    @Override
    public Optional<Role> roleOf(String email, WorkspaceId workspace) {
        return email(email)
                .flatMap(e -> operators.membershipsOf(e).stream()
                        .filter(m -> m.workspace().equals(workspace))
                        .findFirst())
                .map(Member::role);
    }

    @Override
    public List<Member> list(String actor, WorkspaceId workspace) {
        Roster roster = operators.roster(workspace);
        if (roster.member(actorEmail(actor)).isEmpty()) {
            throw new RosterRefusal("You do not work in this workspace.");
        }
        return roster.members();
    }

    @Override
    public Added add(String actor, WorkspaceId workspace, String email, Role role, Optional<String> password) {
        OperatorEmail newcomer = new OperatorEmail(email);
        Optional<String> chosen = password.filter(p -> !p.isEmpty());
        chosen.ifPresent(p -> PasswordPolicy.check(p, newcomer));
        Optional<String> generated = chosen.isPresent() ? Optional.empty() : Optional.of(PasswordPolicy.generate());
        // Hashed before the transaction: slow on purpose, and nothing to hold rows for.
        String hash = hashes.hash(chosen.or(() -> generated).orElseThrow());
        return transactions.inTransaction(() -> {
            Roster roster = operators.rosterForChange(workspace);
            roster.requireManager(actorEmail(actor));
            if (roster.member(newcomer).isPresent()) {
                throw new RosterRefusal(newcomer.value() + " already works in this workspace.");
            }
            Optional<Operator> existing = operators.find(newcomer);
            Operator operator = existing.orElseGet(() -> Operator.create(newcomer, hash, clock.instant()));
            if (existing.isEmpty()) {
                operators.add(operator);
            }
            operators.grant(operator.id(), workspace, role, clock.instant());
            return new Added(
                    new Member(operator, workspace, role),
                    existing.isEmpty() ? generated : Optional.empty(),
                    existing.isEmpty());
        });
    }

    @Override
    public Member changeRole(String actor, WorkspaceId workspace, String operatorId, Role role) {
        return transactions.inTransaction(() -> {
            Member changed = operators.rosterForChange(workspace).changeRole(actorEmail(actor), operatorId, role);
            operators.grant(operatorId, workspace, role, clock.instant());
            return changed;
        });
    }

    @Override
    public Member remove(String actor, WorkspaceId workspace, String operatorId) {
        return transactions.inTransaction(() -> {
            Member removed = operators.rosterForChange(workspace).remove(actorEmail(actor), operatorId);
            operators.revoke(operatorId, workspace);
            return removed;
        });
    }

    @Override
    public void bootstrap(String email, Optional<String> password, Consumer<String> handOver) {
        OperatorEmail admin = new OperatorEmail(email);
        Optional<String> configured = password.filter(p -> !p.isBlank());
        configured.ifPresent(p -> PasswordPolicy.check(p, admin));
        transactions.inTransaction(() -> {
            Workspace first = workspaces
                    .first()
                    .orElseThrow(() -> new IllegalStateException("the first workspace is made before its operator"));
            Optional<Operator> existing = operators.find(admin);
            if (existing.isPresent()) {
                configured
                        .filter(p -> !hashes.matches(p, existing.get().passwordHash()))
                        .ifPresent(p -> operators.updatePassword(existing.get().withPasswordHash(hashes.hash(p))));
                return first;
            }
            String secret = configured.orElseGet(PasswordPolicy::generate);
            Operator operator = Operator.create(admin, hashes.hash(secret), clock.instant());
            operators.add(operator);
            operators.grant(operator.id(), first.id(), Role.OWNER, clock.instant());
            if (configured.isEmpty()) {
                handOver.accept(secret);
            }
            return first;
        });
    }

    private static Optional<OperatorEmail> email(String email) {
        try {
            return Optional.of(new OperatorEmail(email));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static OperatorEmail actorEmail(String actor) {
        return email(actor).orElseThrow(() -> new RosterRefusal("You are not signed in."));
    }
}
