package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.DashboardClient.ADMIN_EMAIL;
import static io.segmentflow.it.DashboardClient.ADMIN_PASSWORD;
import static io.segmentflow.it.DashboardClient.form;
import static io.segmentflow.it.DashboardClient.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.Broadcast;
import io.segmentflow.it.client.model.BroadcastRequest;
import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.Confirmation;
import io.segmentflow.it.client.model.Recipient;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.SubscriptionUpdate;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's pages as a plain HTTP client sees them, signed in as the first workspace's owner: a Broadcast
 * confirmed through its link and followed to the end, the link refused once used or expired, sends found with their
 * attempts, and bad input answered in words with a 4xx.
 */
class DashboardPagesIT {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Client api = Client.withBootstrapKey();
    private static final String DB_URL = System.getenv("SEGMENTFLOW_DB_URL");
    private static final DashboardClient browser = new DashboardClient();

    @BeforeAll
    static void signIn() {
        SmtpServer.get();
        assertThat(browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD).statusCode()).isEqualTo(302);
    }

    /** A Broadcast of its own subscription group, to {@code subscribers} new subscribed Profiles, handed over. */
    static Handover handedOver(Client client, List<String> subscribers, String unsubscribed) {
        // Audience sends go out from a verified sender domain only, DKIM-signed.
        VerifiedDomains.of(client, "acme.example");
        String group = BroadcastsIT.group(client);
        subscribers.forEach(
                address -> BroadcastsIT.consent(client, address, group, SubscriptionUpdate.StatusEnum.SUBSCRIBED));
        if (unsubscribed != null) {
            BroadcastsIT.consent(client, unsubscribed, group, SubscriptionUpdate.StatusEnum.UNSUBSCRIBED);
        }
        Broadcast broadcast = call(() -> client.broadcasts.broadcastsCreate(new BroadcastRequest()
                .name("Dashboard sale")
                .subject("Dashboard sale")
                .html("<p style=\"color:#222\">Half price.</p><script>document.title='ran'</script>")
                .subscriptionGroupId(group)
                .from("Acme News <news@acme.example>")));
        Confirmation link = call(() -> client.broadcasts.broadcastsConfirmation(broadcast.getId()));
        return new Handover(
                broadcast.getId(), URI.create(link.getConfirmationUrl()).getPath());
    }

    record Handover(String broadcastId, String path) {}

    static List<String> recipients(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(Api.newRecipient());
        }
        return addresses;
    }

    @Test
    void a_broadcast_is_confirmed_on_its_page_and_followed_to_the_end_and_its_link_then_refuses() {
        List<String> subscribers = recipients(20);
        Handover handover = handedOver(api, subscribers, Api.newRecipient());

        HttpResponse<String> page = browser.get(handover.path());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<strong data-count=\"eligible\">20</strong> would get it")
                .contains("<strong data-count=\"unsubscribed\">1</strong> unsubscribed")
                .contains("Acme News &lt;news@acme.example&gt;")
                .contains("ready to send.")
                .contains("Send now to 20 recipients");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        HttpResponse<String> email = browser.get(handover.path() + "/email");
        assertThat(email.statusCode()).isEqualTo(200);
        assertThat(email.body()).contains("Half price.");
        assertThat(email.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .startsWith("default-src 'none'; img-src https: data:; style-src 'unsafe-inline'")
                        .endsWith("sandbox")
                        .doesNotContain("script-src"));

        HttpResponse<String> sent = browser.post(handover.path(), form("_csrf", tokenOf(page)));

        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard/broadcasts/" + handover.broadcastId()));
        String progress = awaitDone("/dashboard/broadcasts/" + handover.broadcastId() + "/progress");
        // The audience is every Profile of the workspace: those of other tests never subscribed to this group.
        assertThat(progress)
                .contains("\"status\":\"sent\"")
                .contains("\"queued\":0")
                .contains("\"sent\":20")
                .contains("\"failed\":0")
                .contains("\"unsubscribed\":1")
                .contains("\"done\":true");
        assertThat(number(progress, "written")).isEqualTo(20 + number(progress, "skipped"));
        for (String subscriber : subscribers) {
            assertThat(SmtpServer.messagesTo(subscriber))
                    .singleElement()
                    .satisfies(message -> assertThat(message.getHeader("DKIM-Signature"))
                            .singleElement()
                            .asString()
                            .contains("d=acme.example"));
        }
        HttpResponse<String> detail = browser.get("/dashboard/broadcasts/" + handover.broadcastId());
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body())
                .contains("<strong data-count=\"sent\">20</strong> sent")
                .contains("Done: nothing more will change.");
        assertThat(browser.get("/dashboard/broadcasts").body()).contains(handover.broadcastId());

        HttpResponse<String> again = browser.get(handover.path());
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("This confirmation link was already used. Nothing was sent.");
        HttpResponse<String> twice = browser.post(handover.path(), form("_csrf", tokenOf(page)));
        assertThat(twice.statusCode()).isEqualTo(410);
        assertThat(browser.get(handover.path() + "/email").statusCode()).isEqualTo(410);
    }

    @Test
    void an_expired_link_is_refused_in_words_and_sends_nothing() throws Exception {
        if (DB_URL == null || !DB_URL.startsWith("jdbc:postgresql:")) {
            System.out.println(
                    "DashboardPagesIT: the server runs on the embedded database; no link is expired by hand");
            return;
        }
        String subscriber = Api.newRecipient();
        Handover handover = handedOver(api, List.of(subscriber), null);
        String csrf = tokenOf(browser.get(handover.path()));
        expire(handover.broadcastId());

        HttpResponse<String> page = browser.get(handover.path());
        HttpResponse<String> post = browser.post(handover.path(), form("_csrf", csrf));

        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("This confirmation link expired at").contains("Nothing was sent.");
        assertThat(post.statusCode()).isEqualTo(410);
        assertThat(call(() -> api.broadcasts.broadcastsGet(handover.broadcastId()))
                        .getStatus())
                .isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
    }

    /** Makes every confirmation link of the Broadcast one that expired a second ago. */
    private static void expire(String broadcastId) throws Exception {
        String user = Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_USER")).orElse("segmentflow");
        String password =
                Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_PASSWORD")).orElse("");
        try (Connection connection = DriverManager.getConnection(DB_URL, user, password);
                PreparedStatement update = connection.prepareStatement("UPDATE carrier_confirmations"
                        + " SET expires_at = now() - interval '1 second' WHERE carrier_id = ?")) {
            update.setString(1, broadcastId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void another_workspaces_link_and_broadcast_are_not_found_here_and_stay_unused() {
        Client other = Workspaces.createOther();
        Handover theirs = handedOver(other, List.of(Api.newRecipient()), null);

        HttpResponse<String> link = browser.get(theirs.path());
        HttpResponse<String> post = browser.post(theirs.path(), form("_csrf", tokenOf(browser.get("/dashboard"))));
        HttpResponse<String> broadcast = browser.get("/dashboard/broadcasts/" + theirs.broadcastId());
        HttpResponse<String> progress = browser.get("/dashboard/broadcasts/" + theirs.broadcastId() + "/progress");

        assertThat(link.statusCode()).isEqualTo(404);
        assertThat(link.body()).contains("This confirmation link is not known here");
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(broadcast.statusCode()).isEqualTo(404);
        assertThat(broadcast.body()).contains("was not found");
        assertThat(progress.statusCode()).isEqualTo(404);
        assertThat(progress.body()).startsWith("{\"error\":");
        assertThat(call(() -> other.broadcasts.broadcastsGet(theirs.broadcastId()))
                        .getStatus())
                .isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
    }

    @Test
    void bad_input_is_answered_in_words_with_a_4xx() {
        String token = tokenOf(browser.get("/dashboard"));
        assertRefused(browser.get("/dashboard/confirmations/cfm_" + "A".repeat(43)), 404, "not known here");
        // an encoded slash is refused by the server itself, before any page, and said in words
        assertRefused(browser.get("/dashboard/confirmations/..%2F..%2Fetc"), 400, "This address is malformed");
        // CR and LF are refused by the server's HTTP channel itself, before the application, in its own short words
        HttpResponse<String> crlf = browser.get("/dashboard/confirmations/%0d%0aSet-Cookie:x");
        assertThat(crlf.statusCode()).isEqualTo(400);
        assertThat(crlf.body()).doesNotContain("Exception").doesNotContain("\r\nSet-Cookie");
        assertThat(crlf.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("x"));
        assertRefused(browser.post("/dashboard/confirmations/garbage", form("_csrf", token)), 404, "not known here");
        assertRefused(browser.get("/dashboard/broadcasts/brd_nothere"), 404, "was not found");
        assertRefused(browser.get("/dashboard/broadcasts/%3Cscript%3E"), 404, "that is not an id of one");
        assertRefused(browser.get("/dashboard/issues/nli_nothere/progress"), 404, "was not found");
        assertRefused(browser.get("/dashboard/sends/em_nothere"), 404, "was not found");
        assertRefused(browser.get("/dashboard/sends/x/y/z"), 404, "no such page");
        assertRefused(browser.get("/dashboard/sends?recipient=not-an-address"), 400, "give a whole address");
        assertRefused(browser.get("/dashboard/sends?status=lost"), 400, "The status must be one of");
        assertRefused(
                browser.get("/dashboard/sends?recipient=" + "a".repeat(300)), 400, "longer than any there can be");
        assertRefused(browser.get("/dashboard/sends?recipient=" + "a".repeat(5000)), 414, "The address is too long.");
        assertRefused(browser.get("/dashboard/statistics?window=forever"), 400, "window must be");
        assertRefused(browser.get("/dashboard/overview-of-nothing"), 404, "There is no such page.");
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String words) {
        assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(status);
        assertThat(answer.body())
                .doesNotContain("Exception")
                .doesNotContain("at io.segmentflow")
                .doesNotContain("SRVE")
                .doesNotContain("CWW");
        if (words != null) {
            assertThat(answer.body()).contains(words);
        }
    }

    @Test
    void a_send_is_found_by_recipient_and_shows_its_attempts() {
        String recipient = Api.newRecipient();
        String templateId = api.createTemplate("Receipt", "<p>Thanks</p>", null);
        String sendId = call(() -> api.emails.emailsSend(
                        Api.newIdempotencyKey(),
                        new SendEmailRequest().templateId(templateId).to(new Recipient().email(recipient))))
                .getId();
        api.awaitFinal(sendId, DELIVERY);

        HttpResponse<String> found = browser.get("/dashboard/sends?recipient=" + recipient);
        HttpResponse<String> bySentStatus = browser.get("/dashboard/sends?recipient=" + recipient + "&status=sent");
        HttpResponse<String> byId = browser.get("/dashboard/sends?id=" + sendId);
        HttpResponse<String> detail = browser.get("/dashboard/sends/" + sendId);

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body())
                .contains("href=\"/dashboard/sends/" + sendId + "\"")
                .contains(recipient);
        assertThat(bySentStatus.body()).contains(sendId);
        assertThat(byId.body()).contains(sendId);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body())
                .contains("<dd id=\"send-status\">sent</dd>")
                .contains("<td>accepted</td>")
                .containsPattern("<code>250[^<]*</code>");
        assertThat(browser.get("/dashboard/sends?recipient=" + recipient + "&status=failed")
                        .body())
                .contains("No send found");
    }

    @Test
    void the_overview_counts_the_sends_and_its_plots_read_them_per_minute() {
        HttpResponse<String> overview = browser.get("/dashboard");
        HttpResponse<String> hour = browser.get("/dashboard/statistics?window=last_hour");
        HttpResponse<String> day = browser.get("/dashboard/statistics?window=last_day");

        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body())
                .contains("<title>Overview · Segmentflow</title>")
                .contains("waiting for delivery")
                .contains("id=\"totals-last-hour\"")
                .contains("/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(hour.statusCode()).isEqualTo(200);
        assertThat(hour.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(minutesIn(hour.body())).isEqualTo(60);
        assertThat(minutesIn(day.body())).isEqualTo(1440);
        assertThat(browser.get("/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode())
                .isEqualTo(200);
        assertThat(browser.get("/dashboard/assets/overview.js").statusCode()).isEqualTo(200);
    }

    static long number(String json, String name) {
        Matcher number = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(number.find()).as(json).isTrue();
        return Long.parseLong(number.group(1));
    }

    private static int minutesIn(String json) {
        Matcher minutes = Pattern.compile("\"minutes\":\\[([^\\]]*)\\]").matcher(json);
        assertThat(minutes.find()).as(json).isTrue();
        return minutes.group(1).split(",").length;
    }

    /** The progress data once it says done, or the last one read when it does not within the delivery wait. */
    static String awaitDone(String path) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        String body;
        do {
            HttpResponse<String> progress = browser.get(path);
            assertThat(progress.statusCode()).isEqualTo(200);
            body = progress.body();
            if (body.contains("\"done\":true")) {
                return body;
            }
            Api.sleep(200);
        } while (System.nanoTime() < deadline);
        return body;
    }
}
