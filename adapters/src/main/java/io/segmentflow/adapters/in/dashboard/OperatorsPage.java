package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.operator.ManageOperatorsUseCase;
import io.segmentflow.application.operator.ManageOperatorsUseCase.Added;
import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster.RosterRefusal;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /dashboard/operators}: who works in this workspace, with which role. An owner adds operators (with a password
 * of their choosing, or a generated one shown once on the answer), changes roles and removes operators; the rules are
 * the domain's ({@link io.segmentflow.domain.operator.Roster}). Others see the list only.
 */
@WebServlet("/dashboard/operators")
public class OperatorsPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String TEMPLATE = "operators";
    private static final String TITLE = "Operators";

    @Inject
    transient DashboardView view;

    @Inject
    transient ManageOperatorsUseCase operators;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        show(request, response, 200, Map.of());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String actor = request.getRemoteUser();
        WorkspaceId workspace = SignedIn.workspace(request).orElseThrow();
        String action = Optional.ofNullable(request.getParameter("action")).orElse("");
        try {
            Map<String, Object> outcome = switch (action) {
                case "add" ->
                    added(operators.add(
                            actor,
                            workspace,
                            field(request, "email"),
                            Role.fromWire(field(request, "role")),
                            Optional.of(field(request, "password"))));
                case "role" -> {
                    Member changed = operators.changeRole(
                            actor, workspace, field(request, "operator"), Role.fromWire(field(request, "role")));
                    yield Map.of(
                            "notice",
                            changed.operator().email() + " is now " + article(changed.role()) + " "
                                    + changed.role().wireName() + ".");
                }
                case "remove" -> {
                    Member removed = operators.remove(actor, workspace, field(request, "operator"));
                    yield Map.of("notice", removed.operator().email() + " no longer works in this workspace.");
                }
                default -> throw new InvalidValueException("action", "must be add, role or remove");
            };
            show(request, response, 200, outcome);
        } catch (RosterRefusal e) {
            show(request, response, 403, Map.of("problem", e.getMessage()));
        } catch (InvalidValueException e) {
            show(request, response, 400, Map.of("problem", "The " + e.field() + " " + e.getMessage() + "."));
        }
    }

    private static Map<String, Object> added(Added added) {
        Map<String, Object> outcome = new HashMap<>();
        String email = added.member().operator().email().value();
        String role =
                article(added.member().role()) + " " + added.member().role().wireName();
        outcome.put(
                "notice",
                added.newAccount()
                        ? email + " can now sign in, as " + role + "."
                        : email + " already had an account, with its own password: they now work here too, as " + role
                                + ".");
        added.generatedPassword().ifPresent(password -> {
            outcome.put("generatedFor", email);
            outcome.put("generatedPassword", password);
        });
        return outcome;
    }

    private void show(HttpServletRequest request, HttpServletResponse response, int status, Map<String, Object> extra)
            throws IOException {
        WorkspaceId workspace = SignedIn.workspace(request).orElseThrow();
        Role role = DashboardGuard.role(request);
        List<Member> members = operators.list(request.getRemoteUser(), workspace);
        Map<String, Object> model = new HashMap<>(extra);
        model.put("members", members);
        model.put("roles", Arrays.stream(Role.values()).map(Role::wireName).toList());
        model.put("manages", role.managesOperators());
        model.put("self", request.getRemoteUser());
        view.render(request, response, status, TEMPLATE, TITLE, model);
    }

    /** A posted field, empty when absent. */
    private static String field(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name)).orElse("");
    }

    private static String article(Role role) {
        return role == Role.OPERATOR ? "an" : "a";
    }
}
