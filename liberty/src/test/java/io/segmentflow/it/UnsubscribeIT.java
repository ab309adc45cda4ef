package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.Newsletter;
import io.segmentflow.it.client.model.NewsletterIssue;
import io.segmentflow.it.client.model.NewsletterIssueRequest;
import io.segmentflow.it.client.model.NewsletterRequest;
import io.segmentflow.it.client.model.Profile;
import io.segmentflow.it.client.model.ScheduleRequest;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.SendResults;
import io.segmentflow.it.client.model.Subscription;
import io.segmentflow.it.client.model.SubscriptionGroup;
import io.segmentflow.it.client.model.SubscriptionGroupRequest;
import io.segmentflow.it.client.model.SubscriptionUpdate;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sends under a subscription group: consent decides who gets them, each carries a signed one-click unsubscribe link
 * (RFC 8058), and a POST to that link, with no cookie and no key, unsubscribes; the next send under the group is
 * skipped. A link that is not genuine changes nothing. The link is followed with a bare HTTP client, as a mail
 * client or a mailbox provider does.
 */
class UnsubscribeIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    /** No cookie store, no key: what a mailbox provider's one-click POST carries. */
    private static final HttpClient BARE =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Client api = Workspaces.createOther();
    private final String templateId = api.createTemplate("News for [[${data.n}]]", "<p>Issue [[${data.n}]]</p>", null);

    private SubscriptionGroup group(SubscriptionGroupRequest.TypeEnum type) {
        ApiResponse<SubscriptionGroup> created = call(() -> api.subscriptionGroups.subscriptionGroupsCreateWithHttpInfo(
                new SubscriptionGroupRequest().name("Product news").type(type)));
        assertThat(created.getStatusCode()).isEqualTo(201);
        return created.getData();
    }

    private EmailSend send(String to, String groupId, int n) {
        return call(() -> api.emails.emailsSend(
                Api.newIdempotencyKey(),
                new SendEmailRequest()
                        .templateId(templateId)
                        .to(Client.to(to))
                        .data(Map.of("n", n))
                        .subscriptionGroupId(groupId)));
    }

    @Test
    void a_one_click_unsubscribe_keeps_the_next_newsletter_issue_from_that_profile() {
        String group = BroadcastsIT.group(api);
        String leaver = Api.newRecipient();
        String stayer = Api.newRecipient();
        for (String address : List.of(leaver, stayer)) {
            BroadcastsIT.consent(api, address, group, SubscriptionUpdate.StatusEnum.SUBSCRIBED);
        }
        VerifiedDomains.of(api, "acme.example");
        Newsletter newsletter = call(() -> api.newsletters.newslettersCreate(new NewsletterRequest()
                .name("Weekly")
                .subscriptionGroupId(group)
                .from("Acme Editors <editors@acme.example>")
                .defaultTemplateId(api.createTemplate("Weekly", "<p>Our news.</p>", null))));
        NewsletterIssue first = scheduledIssue(newsletter, "Issue 1");
        MimeMessage toLeaver = awaitSubject(leaver, "Issue 1");
        awaitSubject(stayer, "Issue 1");
        awaitIssueSent(newsletter, first);

        assertThat(oneClick(linkOf(toLeaver)).statusCode()).isEqualTo(200);

        NewsletterIssue second = scheduledIssue(newsletter, "Issue 2");
        awaitSubject(stayer, "Issue 2");
        SendResults results = awaitIssueSent(newsletter, second);
        assertThat(results.getSent()).isEqualTo(1);
        assertThat(results.getSkippedByReason()).isEqualTo(Map.of("unsubscribed", 1L));
        assertThat(SmtpServer.messagesTo(leaver)).hasSize(1);
    }

    private NewsletterIssue scheduledIssue(Newsletter newsletter, String subject) {
        NewsletterIssue issue = call(() -> api.newsletters.newsletterIssuesCreate(
                newsletter.getId(), new NewsletterIssueRequest().name(subject).subject(subject)));
        call(() -> api.newsletters.newsletterIssuesSchedule(
                newsletter.getId(),
                issue.getId(),
                new ScheduleRequest().sendAt(Instant.now().plusSeconds(1).toString())));
        return issue;
    }

    /** The Issue's results once its fan-out has ended (it is marked sent) and none of its sends is queued. */
    private SendResults awaitIssueSent(Newsletter newsletter, NewsletterIssue issue) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (System.nanoTime() < deadline) {
            CarrierStatus status = call(() -> api.newsletters.newsletterIssuesGet(newsletter.getId(), issue.getId()))
                    .getStatus();
            SendResults results =
                    call(() -> api.newsletters.newsletterIssuesResults(newsletter.getId(), issue.getId()));
            if (status == CarrierStatus.SENT && results.getQueued() == 0) {
                return results;
            }
            Api.sleep(100);
        }
        throw new AssertionError("issue " + issue.getId() + " was not sent");
    }

    private static MimeMessage awaitSubject(String to, String subject) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : SmtpServer.messagesTo(to)) {
                try {
                    if (subject.equals(message.getSubject())) {
                        return message;
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            Api.sleep(25);
        }
        throw new AssertionError("no \"" + subject + "\" reached " + to);
    }

    private static String linkOf(MimeMessage message) {
        String header = SmtpServer.header(message, "List-Unsubscribe");
        assertThat(header).startsWith("<" + Api.BASE_URL + "/unsubscribe/").endsWith(">");
        return header.substring(1, header.length() - 1);
    }

    private static HttpResponse<String> get(String link) {
        return bare(HttpRequest.newBuilder(URI.create(link)).GET());
    }

    private static HttpResponse<String> oneClick(String link) {
        return bare(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
    }

    private static HttpResponse<String> bare(HttpRequest.Builder request) {
        try {
            return BARE.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Subscription.StatusEnum consentOf(String profileId, String groupId) {
        Profile profile = call(() -> api.profiles.profilesGet(profileId));
        return profile.getSubscriptions().stream()
                .filter(s -> s.getSubscriptionGroupId().equals(groupId))
                .map(Subscription::getStatus)
                .findFirst()
                .orElse(Subscription.StatusEnum.NEVER);
    }

    @Test
    void a_one_click_post_unsubscribes_and_the_next_send_under_the_group_is_skipped() {
        SubscriptionGroup news = group(SubscriptionGroupRequest.TypeEnum.OPT_IN);
        String ada = Api.newRecipient();

        // Never subscribed to an opt-in group: skipped, with the reason.
        EmailSend first = send(ada, news.getId(), 1);
        EmailSend skipped = api.awaitFinal(first.getId(), DELIVERY);
        assertThat(skipped.getStatus()).isEqualTo(EmailSend.StatusEnum.SKIPPED);
        assertThat(skipped.getFailureMessage()).startsWith("never_subscribed: ");

        Subscription subscribed = call(() -> api.profiles.profilesSetSubscription(
                first.getProfileId(),
                news.getId(),
                new SubscriptionUpdate().status(SubscriptionUpdate.StatusEnum.SUBSCRIBED)));
        assertThat(subscribed.getSource()).isEqualTo(Subscription.SourceEnum.API);

        EmailSend second = send(ada, news.getId(), 2);
        assertThat(api.awaitFinal(second.getId(), DELIVERY).getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        MimeMessage message = awaitSubject(ada, "News for 2");
        String link = linkOf(message);
        assertThat(SmtpServer.header(message, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");

        // Looking changes nothing.
        HttpResponse<String> page = get(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("Product news")
                .contains("<form method=\"post\"")
                .doesNotContain(ada);
        assertThat(consentOf(first.getProfileId(), news.getId())).isEqualTo(Subscription.StatusEnum.SUBSCRIBED);

        HttpResponse<String> done = oneClick(link);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("unsubscribed");
        Profile profile = call(() -> api.profiles.profilesGet(first.getProfileId()));
        assertThat(profile.getSubscriptions()).singleElement().satisfies(s -> {
            assertThat(s.getStatus()).isEqualTo(Subscription.StatusEnum.UNSUBSCRIBED);
            assertThat(s.getSource()).isEqualTo(Subscription.SourceEnum.UNSUBSCRIBE_LINK);
        });

        EmailSend third = send(ada, news.getId(), 3);
        EmailSend afterUnsubscribe = api.awaitFinal(third.getId(), DELIVERY);
        assertThat(afterUnsubscribe.getStatus()).isEqualTo(EmailSend.StatusEnum.SKIPPED);
        assertThat(afterUnsubscribe.getFailureMessage()).startsWith("unsubscribed: ");
        // A send under no group still goes out.
        EmailSend transactional = call(() -> api.emails.emailsSend(
                Api.newIdempotencyKey(),
                new SendEmailRequest().templateId(templateId).to(Client.to(ada)).data(Map.of("n", 4))));
        assertThat(api.awaitFinal(transactional.getId(), DELIVERY).getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        assertThat(SmtpServer.header(awaitSubject(ada, "News for 4"), "List-Unsubscribe"))
                .isNull();
        assertThat(SmtpServer.messagesTo(ada)).hasSize(2);
    }

    @Test
    void an_opt_out_group_s_email_reaches_a_profile_that_never_said_either_way() {
        SubscriptionGroup tips = group(SubscriptionGroupRequest.TypeEnum.OPT_OUT);
        String bob = Api.newRecipient();

        EmailSend sent = send(bob, tips.getId(), 1);

        assertThat(api.awaitFinal(sent.getId(), DELIVERY).getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        assertThat(linkOf(awaitSubject(bob, "News for 1"))).contains(sent.getProfileId());
    }

    @Test
    void a_tampered_or_foreign_link_changes_nothing_and_says_so() {
        SubscriptionGroup tips = group(SubscriptionGroupRequest.TypeEnum.OPT_OUT);
        String cy = Api.newRecipient();
        String dee = Api.newRecipient();
        EmailSend toCy = send(cy, tips.getId(), 1);
        EmailSend toDee = send(dee, tips.getId(), 1);
        String cyLink = linkOf(awaitSubject(cy, "News for 1"));
        awaitSubject(dee, "News for 1");
        String token = cyLink.substring(cyLink.lastIndexOf('/') + 1);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String base = cyLink.substring(0, cyLink.lastIndexOf('/') + 1);

        // Dee's Profile with Cy's signature; Cy's link with a changed signature; a link cut short.
        HttpResponse<String> swapped = oneClick(base + toDee.getProfileId() + "." + tips.getId() + "." + signature);
        HttpResponse<String> altered =
                oneClick(cyLink.substring(0, cyLink.length() - 2) + (cyLink.endsWith("AA") ? "BB" : "AA"));
        HttpResponse<String> cut = oneClick(base + toCy.getProfileId() + "." + tips.getId());
        HttpResponse<String> looked = get(base + toDee.getProfileId() + "." + tips.getId() + "." + signature);

        for (HttpResponse<String> refused : List.of(swapped, altered, cut, looked)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("not valid").contains("Nothing was changed");
        }
        assertThat(consentOf(toCy.getProfileId(), tips.getId())).isEqualTo(Subscription.StatusEnum.NEVER);
        assertThat(consentOf(toDee.getProfileId(), tips.getId())).isEqualTo(Subscription.StatusEnum.NEVER);
        assertThat(oneClick(cyLink).statusCode()).isEqualTo(200);
        assertThat(consentOf(toCy.getProfileId(), tips.getId())).isEqualTo(Subscription.StatusEnum.UNSUBSCRIBED);
        assertThat(consentOf(toDee.getProfileId(), tips.getId())).isEqualTo(Subscription.StatusEnum.NEVER);
    }

    @Test
    void a_send_under_a_group_the_workspace_does_not_have_is_refused() {
        Client other = Workspaces.createOther();
        SubscriptionGroup theirs = call(() -> other.subscriptionGroups.subscriptionGroupsCreate(
                new SubscriptionGroupRequest().name("Theirs").type(SubscriptionGroupRequest.TypeEnum.OPT_OUT)));

        for (String groupId : List.of(theirs.getId(), "sg_nope")) {
            Client.Refusal refused = refusal(() -> api.emails.emailsSend(
                    Api.newIdempotencyKey(),
                    new SendEmailRequest()
                            .templateId(templateId)
                            .to(Client.to(Api.newRecipient()))
                            .subscriptionGroupId(groupId)));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.error()).isEqualTo("unknown_subscription_group");
            assertThat(refused.errorFields()).containsExactly("subscriptionGroupId");
        }
    }

    @Test
    void groups_are_read_listed_retyped_and_deleted_in_their_workspace_only() {
        SubscriptionGroup news = group(SubscriptionGroupRequest.TypeEnum.OPT_IN);
        Client other = Workspaces.createOther();

        assertThat(call(() -> api.subscriptionGroups.subscriptionGroupsGet(news.getId())))
                .isEqualTo(news);
        assertThat(call(() -> api.subscriptionGroups.subscriptionGroupsList(null, null))
                        .getData())
                .containsExactly(news);
        assertThat(refusal(() -> other.subscriptionGroups.subscriptionGroupsGet(news.getId()))
                        .status())
                .isEqualTo(404);
        SubscriptionGroup retyped = call(() -> api.subscriptionGroups.subscriptionGroupsReplace(
                news.getId(),
                new SubscriptionGroupRequest()
                        .name("Product updates")
                        .description("Monthly")
                        .type(SubscriptionGroupRequest.TypeEnum.OPT_OUT)));
        assertThat(retyped.getType()).isEqualTo(SubscriptionGroup.TypeEnum.OPT_OUT);
        assertThat(retyped.getDescription()).isEqualTo("Monthly");

        assertThat(call(() -> api.subscriptionGroups.subscriptionGroupsDeleteWithHttpInfo(news.getId()))
                        .getStatusCode())
                .isEqualTo(204);
        assertThat(refusal(() -> api.subscriptionGroups.subscriptionGroupsGet(news.getId()))
                        .status())
                .isEqualTo(404);
        assertThat(refusal(() -> api.emails.emailsSend(
                                Api.newIdempotencyKey(),
                                new SendEmailRequest()
                                        .templateId(templateId)
                                        .to(Client.to(Api.newRecipient()))
                                        .subscriptionGroupId(news.getId())))
                        .error())
                .isEqualTo("unknown_subscription_group");
    }
}
