package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.Confirmation;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.Newsletter;
import io.segmentflow.it.client.model.NewsletterIssue;
import io.segmentflow.it.client.model.NewsletterIssuePage;
import io.segmentflow.it.client.model.NewsletterIssueRequest;
import io.segmentflow.it.client.model.NewsletterPage;
import io.segmentflow.it.client.model.NewsletterRequest;
import io.segmentflow.it.client.model.Preflight;
import io.segmentflow.it.client.model.ScheduleRequest;
import io.segmentflow.it.client.model.SendResults;
import io.segmentflow.it.client.model.SubscriptionUpdate;
import io.segmentflow.it.client.model.TemplateRequest;
import io.segmentflow.it.client.model.TestSendRequest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Newsletters and their Issues through the API: an Issue sends the Newsletter's default template to its group from
 * its sender, goes the way a Broadcast goes, and is found only under its own Newsletter and workspace.
 */
class NewslettersIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Client api = Client.withBootstrapKey();

    /** Audience sends go out from a verified sender domain only. */
    @BeforeAll
    static void verifiedSenderDomain() {
        VerifiedDomains.of(api, "acme.example");
    }

    private static Newsletter weekly(String group) {
        String templateId = api.createTemplate("This week at Acme", "<p>Our news.</p>", null);
        return call(() -> api.newsletters.newslettersCreate(new NewsletterRequest()
                .name("Weekly " + UUID.randomUUID())
                .subscriptionGroupId(group)
                .from("Acme Editors <editors@acme.example>")
                .defaultTemplateId(templateId)));
    }

    private static NewsletterIssue issue(Newsletter newsletter) {
        return call(() -> api.newsletters.newsletterIssuesCreate(
                newsletter.getId(), new NewsletterIssueRequest().name("Week 48")));
    }

    @Test
    void an_issue_of_a_newsletter_is_drafted_checked_tested_and_handed_over() throws Exception {
        String group = BroadcastsIT.group();
        ApiResponse<Newsletter> created =
                call(() -> api.newsletters.newslettersCreateWithHttpInfo(new NewsletterRequest()
                        .name("Weekly")
                        .subscriptionGroupId(group)
                        .from("Acme Editors <editors@acme.example>")
                        .defaultTemplateId(api.createTemplate("This week at Acme", "<p>Our news.</p>", null))));
        assertThat(created.getStatusCode()).isEqualTo(201);
        Newsletter newsletter = created.getData();
        assertThat(newsletter.getId()).startsWith("nws_");
        NewsletterPage newsletters = call(() -> api.newsletters.newslettersList(null, 100));
        assertThat(newsletters.getData()).extracting(Newsletter::getId).contains(newsletter.getId());

        NewsletterIssue issue = issue(newsletter);
        assertThat(issue.getStatus()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(issue.getNewsletterId()).isEqualTo(newsletter.getId());
        assertThat(issue.getTemplateId()).isEqualTo(newsletter.getDefaultTemplateId());
        NewsletterIssuePage issues = call(() -> api.newsletters.newsletterIssuesList(newsletter.getId(), null, 10));
        assertThat(issues.getData()).extracting(NewsletterIssue::getId).containsExactly(issue.getId());

        NewsletterIssue narrowed = call(() -> api.newsletters.newsletterIssuesReplace(
                newsletter.getId(),
                issue.getId(),
                new NewsletterIssueRequest().name("Week 48, EU").subject("This week in Europe")));
        assertThat(narrowed.getName()).isEqualTo("Week 48, EU");
        assertThat(narrowed.getSubject()).isEqualTo("This week in Europe");

        Preflight preflight = call(() -> api.newsletters.newsletterIssuesPreflight(newsletter.getId(), issue.getId()));
        assertThat(preflight.getSender()).isEqualTo("Acme Editors <editors@acme.example>");
        assertThat(preflight.getEligible()).isZero();

        String me = Api.newRecipient();
        EmailSend test = call(() -> api.newsletters.newsletterIssuesTestSend(
                newsletter.getId(), issue.getId(), new TestSendRequest().to(me)));
        assertThat(api.awaitFinal(test.getId(), DELIVERY).getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        MimeMessage message = SmtpServer.awaitOneMessageTo(me, DELIVERY);
        assertThat(message.getSubject()).isEqualTo("This week in Europe");
        assertThat(call(() -> api.newsletters.newsletterIssuesResults(newsletter.getId(), issue.getId()))
                        .getTotal())
                .isZero();

        Confirmation link = call(() -> api.newsletters.newsletterIssuesConfirmation(newsletter.getId(), issue.getId()));
        assertThat(link.getConfirmationUrl()).contains("/dashboard/confirmations/cfm_");
        assertThat(link.getExpiresAt().toInstant())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(call(() -> api.newsletters.newsletterIssuesGet(newsletter.getId(), issue.getId()))
                        .getStatus())
                .isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
    }

    @Test
    void an_issue_scheduled_then_cancelled_never_starts_and_refuses_further_moves() {
        Newsletter newsletter = weekly(BroadcastsIT.group());
        NewsletterIssue issue = issue(newsletter);
        call(() -> api.newsletters.newsletterIssuesSchedule(
                newsletter.getId(),
                issue.getId(),
                new ScheduleRequest().sendAt(Instant.now().plusSeconds(2).toString())));
        call(() -> api.newsletters.newsletterIssuesCancel(newsletter.getId(), issue.getId()));

        Api.sleep(4000);

        NewsletterIssue cancelled = call(() -> api.newsletters.newsletterIssuesGet(newsletter.getId(), issue.getId()));
        assertThat(cancelled.getStatus()).isEqualTo(CarrierStatus.CANCELLED);
        assertThat(cancelled.getStartedAt()).isNull();
        Client.Refusal edit = refusal(() -> api.newsletters.newsletterIssuesReplace(
                newsletter.getId(), issue.getId(), new NewsletterIssueRequest().name("late")));
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.error()).isEqualTo("invalid_state");

        NewsletterIssue copy = call(() -> api.newsletters.newsletterIssuesDuplicate(newsletter.getId(), issue.getId()));
        assertThat(copy.getStatus()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(copy.getNewsletterId()).isEqualTo(newsletter.getId());
    }

    @Test
    void an_issue_is_found_only_under_its_own_newsletter_and_workspace() {
        Newsletter newsletter = weekly(BroadcastsIT.group());
        Newsletter another = weekly(BroadcastsIT.group());
        NewsletterIssue issue = issue(newsletter);
        String id = newsletter.getId();
        String issueId = issue.getId();

        Client.Refusal wrongNewsletter = refusal(() -> api.newsletters.newsletterIssuesGet(another.getId(), issueId));
        assertThat(wrongNewsletter.status()).isEqualTo(404);
        assertThat(refusal(() -> api.newsletters.newsletterIssuesCancel(another.getId(), issueId))
                        .status())
                .isEqualTo(404);

        Client other = Workspaces.createOther();
        for (Client.Call<?> attempt : List.<Client.Call<?>>of(
                () -> other.newsletters.newslettersGet(id),
                () -> other.newsletters.newslettersReplace(
                        id, new NewsletterRequest().name("x").subscriptionGroupId("g")),
                () -> other.newsletters.newsletterIssuesCreate(id, new NewsletterIssueRequest().name("x")),
                () -> other.newsletters.newsletterIssuesList(id, null, 10),
                () -> other.newsletters.newsletterIssuesGet(id, issueId),
                () -> other.newsletters.newsletterIssuesPreflight(id, issueId),
                () -> other.newsletters.newsletterIssuesSchedule(
                        id, issueId, new ScheduleRequest().sendAt("2099-01-01T00:00:00Z")),
                () -> other.newsletters.newsletterIssuesCancel(id, issueId),
                () -> other.newsletters.newsletterIssuesResults(id, issueId),
                () -> other.newsletters.newsletterIssuesConfirmation(id, issueId))) {
            Client.Refusal refused = refusal(attempt);
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("not_found");
        }
        assertThat(call(() -> api.newsletters.newsletterIssuesGet(id, issueId)).getStatus())
                .isEqualTo(CarrierStatus.DRAFT);
    }

    @Test
    void a_newsletter_needs_a_group_and_an_issue_without_a_default_template_needs_content() {
        Client.Refusal noGroup =
                refusal(() -> api.newsletters.newslettersCreate(new NewsletterRequest().name("No group")));
        assertThat(noGroup.status()).isEqualTo(422);
        assertThat(noGroup.errorFields()).contains("subscriptionGroupId");

        Newsletter plain = call(() -> api.newsletters.newslettersCreate(
                new NewsletterRequest().name("Plain").subscriptionGroupId(BroadcastsIT.group())));
        Client.Refusal noContent = refusal(() ->
                api.newsletters.newsletterIssuesCreate(plain.getId(), new NewsletterIssueRequest().name("No. 1")));
        assertThat(noContent.status()).isEqualTo(422);
        assertThat(noContent.errorFields()).contains("templateId");
        NewsletterIssue own = call(() -> api.newsletters.newsletterIssuesCreate(
                plain.getId(),
                new NewsletterIssueRequest().name("No. 1").subject("No. 1").html("<p>One</p>")));
        assertThat(own.getOwnTemplate()).isTrue();
    }

    @Test
    void a_scheduled_issue_reaches_the_newsletters_subscribers_only() throws Exception {
        Client tenant = Workspaces.createOther();
        VerifiedDomains.of(tenant, "acme.example");
        String group = BroadcastsIT.group(tenant);
        List<String> subscribers = List.of(Api.newRecipient(), Api.newRecipient());
        String unsubscribed = Api.newRecipient();
        subscribers.forEach(
                address -> BroadcastsIT.consent(tenant, address, group, SubscriptionUpdate.StatusEnum.SUBSCRIBED));
        BroadcastsIT.consent(tenant, unsubscribed, group, SubscriptionUpdate.StatusEnum.UNSUBSCRIBED);
        String templateId = call(() -> tenant.templates.templatesCreate(new TemplateRequest()
                        .name("Weekly")
                        .subject("This week at Acme")
                        .html("<p>Our news.</p>")))
                .getId();
        Newsletter newsletter = call(() -> tenant.newsletters.newslettersCreate(new NewsletterRequest()
                .name("Weekly")
                .subscriptionGroupId(group)
                .from("Acme Editors <editors@acme.example>")
                .defaultTemplateId(templateId)));
        NewsletterIssue issue = call(() -> tenant.newsletters.newsletterIssuesCreate(
                newsletter.getId(), new NewsletterIssueRequest().name("Week 48")));

        call(() -> tenant.newsletters.newsletterIssuesSchedule(
                newsletter.getId(),
                issue.getId(),
                new ScheduleRequest().sendAt(Instant.now().plusSeconds(1).toString())));

        for (String subscriber : subscribers) {
            MimeMessage message = SmtpServer.awaitOneMessageTo(subscriber, DELIVERY);
            assertThat(message.getSubject()).isEqualTo("This week at Acme");
            assertThat(message.getFrom()[0].toString()).contains("editors@acme.example");
        }
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        SendResults results;
        do {
            results = call(() -> tenant.newsletters.newsletterIssuesResults(newsletter.getId(), issue.getId()));
            Api.sleep(100);
        } while ((results.getSent() < 2 || results.getQueued() > 0) && System.nanoTime() < deadline);
        assertThat(results.getSent()).isEqualTo(2);
        assertThat(results.getSkippedByReason()).containsEntry("unsubscribed", 1L);
        // The fan-out's last step marks it sent, which may come after its emails went out.
        CarrierStatus status;
        do {
            status = call(() -> tenant.newsletters.newsletterIssuesGet(newsletter.getId(), issue.getId()))
                    .getStatus();
            Api.sleep(status == CarrierStatus.SENT ? 0 : 100);
        } while (status != CarrierStatus.SENT && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(CarrierStatus.SENT);
        assertThat(SmtpServer.messagesTo(unsubscribed)).isEmpty();
    }
}
