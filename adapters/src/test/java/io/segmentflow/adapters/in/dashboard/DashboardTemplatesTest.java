package io.segmentflow.adapters.in.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.broadcast.AudienceSend;
import io.segmentflow.application.broadcast.AudienceSendsQuery.Progress;
import io.segmentflow.application.broadcast.ConfirmationReview;
import io.segmentflow.application.broadcast.Preflight;
import io.segmentflow.application.statistics.Backlog;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each dashboard page's template rendered with what its servlet gives it: every expression reads what it should (a
 * record's accessor, a map's entry), user-given text is escaped, and each page says what it is about in words.
 */
class DashboardTemplatesTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private final DashboardView view = new DashboardView();
    private final Map<String, String> headers = new HashMap<>();
    private int status;

    @Test
    void the_overview_shows_the_backlog_the_totals_of_each_window_and_the_journeys() throws IOException {
        Map<String, Long> totals = new java.util.LinkedHashMap<>();
        List.of("accepted", "sent", "deferred", "failed", "skipped").forEach(e -> totals.put(e, 0L));
        totals.put("sent", 20L);
        Map<String, Object> model = new HashMap<>();
        model.put("events", List.copyOf(totals.keySet()));
        model.put("hourTotals", totals);
        model.put("dayTotals", totals);
        model.put("busyMinutes", List.of(new OverviewPage.MinuteLine(NOW, totals)));
        model.put("backlog", new Backlog(3, 1, NOW));
        model.put("oldestWait", "due for 2 minutes");
        model.put("runStatuses", List.of("queued", "completed"));
        model.put(
                "journeys",
                List.of(new OverviewPage.JourneyLine(
                        "jrn_1", "Welcome <b>", "active", Map.of("queued", 2L, "completed", 5L))));

        String page = render("overview", "Overview", model);

        assertThat(page)
                .contains("<title>Overview · Segmentflow</title>")
                .contains("<strong>3</strong> waiting for delivery")
                .contains("2026-11-30 10:00:00 UTC")
                .contains("<td>20</td>")
                .contains("Welcome &lt;b&gt;")
                .contains("/webjars/echarts/5.3.1/dist/echarts.min.js")
                .contains("data-source=\"/dashboard/statistics?window=last_hour\"")
                .doesNotContain("<script>");
    }

    @Test
    void a_send_in_progress_shows_its_counts_in_a_live_region_and_where_its_progress_is_read() throws IOException {
        Progress progress = new Progress(
                broadcast(CarrierStatus.SENDING), new SendResults(5, 12, 1, 2, Map.of("unsubscribed", 2L)));

        String page = render(
                "audience-send",
                "Broadcast Spring sale",
                Map.of(
                        "progress",
                        progress,
                        "path",
                        "/dashboard/broadcasts",
                        "plural",
                        "Broadcasts",
                        "singular",
                        "Broadcast"));

        assertThat(page)
                .contains("aria-live=\"polite\"")
                .contains("<strong data-count=\"written\">20</strong> recipients written")
                .contains("<strong data-count=\"sent\">12</strong> sent")
                .contains("data-source=\"/dashboard/broadcasts/brd_1/progress\"")
                .contains("data-done=\"false\"")
                .contains("unsubscribed");
    }

    @Test
    void the_confirmation_page_shows_counts_sender_consent_the_framed_email_and_a_form_with_the_token()
            throws IOException {
        ConfirmationReview review = new ConfirmationReview(
                broadcast(CarrierStatus.AWAITING_CONFIRMATION),
                NOW.plusSeconds(900),
                new Preflight(
                        new AudienceCounts(25, 20, 1, 2, 2, 0),
                        Mailbox.parse("Acme <news@acme.test>"),
                        true,
                        List.of("sender domains are not verified yet")),
                "News",
                true);

        String page = render(
                "confirmation",
                "Confirm Broadcast Spring sale",
                Map.of(
                        "review",
                        review,
                        "kind",
                        "Broadcast",
                        "token",
                        "cfm_abc",
                        "awaiting",
                        true,
                        "role",
                        "operator",
                        "maySend",
                        true));

        assertThat(page)
                .contains("<strong data-count=\"eligible\">20</strong> would get it")
                .contains("<strong data-count=\"neverSubscribed\">2</strong> never subscribed")
                .contains("ready to send.")
                .contains("sender domains are not verified yet")
                .contains("subscription group News, which mails only those who subscribed")
                .contains("<iframe class=\"preview\" sandbox=\"\"")
                .contains("src=\"/dashboard/confirmations/cfm_abc/email\"")
                .contains("action=\"/dashboard/confirmations/cfm_abc\"")
                .contains("name=\"_csrf\" value=\"")
                .contains("Send now to 20 recipients");
    }

    @Test
    void a_confirmation_page_of_a_send_no_longer_awaiting_it_says_so_and_has_no_button() throws IOException {
        ConfirmationReview review = new ConfirmationReview(
                broadcast(CarrierStatus.CANCELLED),
                NOW.plusSeconds(900),
                new Preflight(new AudienceCounts(0, 0, 0, 0, 0, 0), Mailbox.parse("news@acme.test"), false, List.of()),
                null,
                true);

        String page = render(
                "confirmation",
                "Confirm",
                Map.of(
                        "review",
                        review,
                        "kind",
                        "Broadcast",
                        "token",
                        "cfm_abc",
                        "awaiting",
                        false,
                        "role",
                        "operator",
                        "maySend",
                        true));

        assertThat(page).contains("This Broadcast is cancelled").doesNotContain("Send now");
    }

    @Test
    void a_viewer_sees_the_confirmation_without_a_button_and_is_told_why() throws IOException {
        ConfirmationReview review = new ConfirmationReview(
                broadcast(CarrierStatus.AWAITING_CONFIRMATION),
                NOW.plusSeconds(900),
                new Preflight(new AudienceCounts(1, 1, 0, 0, 0, 0), Mailbox.parse("news@acme.test"), true, List.of()),
                "News",
                false);

        String page = render(
                "confirmation",
                "Confirm",
                Map.of(
                        "review",
                        review,
                        "kind",
                        "Broadcast",
                        "token",
                        "cfm_abc",
                        "awaiting",
                        true,
                        "role",
                        "viewer",
                        "maySend",
                        false));

        assertThat(page)
                .contains("You work here as a viewer, who sends nothing")
                .contains("mails everyone but those who unsubscribed")
                .doesNotContain("Send now");
    }

    @Test
    void a_send_shows_its_attempts_with_the_relay_replies() throws IOException {
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                "em_1",
                ACME,
                null,
                "tpl_1",
                "tsn_1",
                Mailbox.of(EmailAddress.of("ada@example.test")),
                null,
                Mailbox.parse("news@acme.test"),
                null,
                null,
                List.of(),
                List.of(),
                "{}",
                null,
                SendPriority.TRANSACTIONAL,
                "<em_1@acme.test>",
                null,
                NOW));
        DeliveryAttempt attempt = new DeliveryAttempt(
                "em_1", 1, NOW, NOW.plusSeconds(1), DeliveryAttempt.Result.TEMPORARY_FAILURE, "451 4.7.1 greylisted");

        String page = render(
                "send",
                "Send em_1",
                Map.of(
                        "send",
                        send,
                        "details",
                        send.details(),
                        "progress",
                        send.progress(),
                        "attempts",
                        List.of(attempt)));

        assertThat(page)
                .contains("ada@example.test")
                .contains("temporary_failure")
                .contains("451 4.7.1 greylisted")
                .contains("2026-11-30 10:00:01 UTC");
    }

    @Test
    void the_sends_search_keeps_what_was_asked_and_lists_what_it_found() throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("recipient", "\"><script>");
        model.put("status", "sent");
        model.put("id", "");
        model.put("statuses", List.of("queued", "sent"));
        model.put("problems", List.of("The recipient must look like name@example.com."));
        model.put("searched", true);
        model.put("found", List.of());
        model.put("limit", 50);

        String page = render("sends", "Sends", model);

        assertThat(page)
                .contains("<label for=\"recipient\">Recipient address</label>")
                .contains("value=\"&quot;&gt;&lt;script&gt;\"")
                .contains("<option value=\"sent\" selected=\"selected\">sent</option>")
                .contains("The recipient must look like name@example.com.");
    }

    private static AudienceSend broadcast(CarrierStatus status) {
        return new AudienceSend(
                new CarrierRef(ACME, CarrierType.BROADCAST, "brd_1"),
                "Spring sale",
                null,
                status,
                "tpl_1",
                null,
                null,
                "sg_news",
                null,
                NOW,
                null,
                0,
                null,
                NOW);
    }

    private String render(String template, String title, Map<String, Object> model) throws IOException {
        StringWriter body = new StringWriter();
        Map<String, Object> attributes = new HashMap<>();
        HttpSession session = proxy(HttpSession.class, (name, args) -> switch (name) {
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            default -> null;
        });
        ServletContext servletContext = proxy(ServletContext.class, (name, args) -> switch (name) {
            case "getContextPath" -> "";
            default -> null;
        });
        // The web context keeps a template's variables as the request's attributes.
        Map<String, Object> requestAttributes = new HashMap<>();
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getAttribute" -> requestAttributes.get((String) args[0]);
            case "setAttribute" -> requestAttributes.put((String) args[0], args[1]);
            case "removeAttribute" -> requestAttributes.remove((String) args[0]);
            case "getAttributeNames" -> java.util.Collections.enumeration(requestAttributes.keySet());
            case "getSession" -> session;
            case "getServletContext" -> servletContext;
            case "getRemoteUser" -> "ada";
            case "getContextPath" -> "";
            default -> null;
        });
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = proxy(HttpServletResponse.class, (name, args) -> switch (name) {
            case "getWriter" -> writer;
            case "setStatus" -> {
                status = (Integer) args[0];
                yield null;
            }
            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
            case "encodeURL" -> args[0];
            default -> null;
        });
        view.render(request, response, 200, template, title, model);
        writer.flush();
        assertThat(status).isEqualTo(200);
        assertThat(headers.get("Content-Security-Policy")).contains("script-src 'self'");
        return body.toString();
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args == null ? new Object[0] : args));
    }
}
