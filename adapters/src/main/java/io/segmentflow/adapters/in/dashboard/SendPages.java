package io.segmentflow.adapters.in.dashboard;

import io.segmentflow.application.email.FindEmailSendQuery;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /dashboard/sends}: the workspace's EmailSends found by recipient, status or id ({@code ?recipient=&status=&id=},
 * newest first), and one send ({@code /<id>}) with its delivery attempts and each recipient's reply.
 */
@WebServlet(urlPatterns = {"/dashboard/sends", "/dashboard/sends/*"})
public class SendPages extends DashboardPage {
    private static final long serialVersionUID = 1L;
    static final int FOUND = 50;

    @Inject
    transient FindEmailSendQuery sends;

    @Override
    protected void get(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String[] segments = segments(request);
        if (segments.length == 0) {
            search(request, response, workspace);
        } else if (segments.length == 1) {
            String id = id(segments[0], "send");
            EmailSend send = sends.find(workspace, id);
            List<DeliveryAttempt> attempts = sends.attempts(workspace, id);
            view.render(
                    request,
                    response,
                    200,
                    "send",
                    "Send " + id,
                    Map.of("send", send, "details", send.details(), "progress", send.progress(), "attempts", attempts));
        } else {
            throw new Refused(404, "There is no such page.");
        }
    }

    private void search(HttpServletRequest request, HttpServletResponse response, WorkspaceId workspace)
            throws IOException {
        String recipient = parameter(request, "recipient");
        String status = parameter(request, "status");
        String id = parameter(request, "id");
        Map<String, Object> model = new HashMap<>();
        model.put("recipient", recipient == null ? "" : recipient);
        model.put("status", status == null ? "" : status);
        model.put("id", id == null ? "" : id);
        model.put(
                "statuses",
                List.of(EmailSendStatus.values()).stream()
                        .map(EmailSendStatus::wireName)
                        .toList());
        List<String> problems = new ArrayList<>();
        EmailAddress address = null;
        if (recipient != null) {
            try {
                address = EmailAddress.of(recipient);
            } catch (InvalidValueException e) {
                problems.add("The recipient " + e.getMessage() + ": give a whole address, such as ada@example.com.");
            }
        }
        EmailSendStatus wanted = null;
        if (status != null) {
            wanted = List.of(EmailSendStatus.values()).stream()
                    .filter(s -> s.wireName().equals(status))
                    .findFirst()
                    .orElse(null);
            if (wanted == null) {
                problems.add("The status must be one of queued, processing, sent, failed or skipped.");
            }
        }
        if (id != null && !id.matches("em_[0-9a-z]{1,40}")) {
            problems.add("A send's id starts with em_ and goes on with letters and digits.");
        }
        model.put("problems", problems);
        model.put("searched", recipient != null || status != null || id != null);
        List<EmailSend> found = List.of();
        if (problems.isEmpty() && id != null) {
            EmailAddress to = address;
            EmailSendStatus in = wanted;
            found = findOne(workspace, id).stream()
                    .filter(send -> to == null || send.details().to().address().equals(to))
                    .filter(send -> in == null || send.status() == in)
                    .toList();
        } else if (problems.isEmpty() && (address != null || wanted != null)) {
            found = sends.search(workspace, address, wanted, FOUND);
        }
        model.put("found", found);
        model.put("limit", FOUND);
        view.render(request, response, problems.isEmpty() ? 200 : 400, "sends", "Sends", model);
    }

    private List<EmailSend> findOne(WorkspaceId workspace, String id) {
        try {
            return List.of(sends.find(workspace, id));
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    /** A parameter given and not blank, stripped; refused when longer than any value it could take. */
    private static String parameter(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > EmailAddress.MAX_LENGTH) {
            throw new Refused(400, "The " + name + " is longer than any there can be.");
        }
        return value.strip();
    }
}
