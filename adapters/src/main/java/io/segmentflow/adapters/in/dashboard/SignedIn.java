package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * The workspace a signed-in operator is working in, kept in the session: chosen at sign-in among the workspaces the
 * operator has a role in. Every page reads and writes in this workspace only. Who is signed in is the container's
 * {@code request.getRemoteUser()}.
 */
public final class SignedIn {
    private static final String WORKSPACE = "segmentflow.workspace";

    private SignedIn() {}

    public static void workIn(HttpSession session, WorkspaceId workspace) {
        session.setAttribute(WORKSPACE, workspace.value());
    }

    /** Empty without a session, or before sign-in chose a workspace. */
    public static Optional<WorkspaceId> workspace(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(WORKSPACE) instanceof String id)) {
            return Optional.empty();
        }
        return Optional.of(new WorkspaceId(id));
    }
}
