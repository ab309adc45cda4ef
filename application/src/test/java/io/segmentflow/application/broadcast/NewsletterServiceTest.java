package io.segmentflow.application.broadcast;

import static io.segmentflow.application.broadcast.AudienceSendsFixture.ACME;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.GLOBEX;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.NOW;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.template.Template;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NewsletterServiceTest {
    private final AudienceSendsFixture f = new AudienceSendsFixture();
    private final Template weeklyTemplate = f.template(ACME, "Weekly");
    private final Newsletter weekly = f.newsletters.create(
            ACME,
            new NewsletterDefinition(
                    "Weekly", "grp_weekly", Mailbox.parse("Editors <editors@acme.test>"), weeklyTemplate.id()));

    @Test
    void an_issue_without_content_sends_the_newsletters_default_template() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, null));

        assertThat(issue.definition().content().templateId()).isEqualTo(weeklyTemplate.id());
        assertThat(issue.definition().content().subject()).isNull();
        assertThat(issue.newsletterId()).isEqualTo(weekly.id());

        NewsletterIssue retitled = f.newsletters.updateIssue(
                ACME, weekly.id(), issue.id(), new IssueRequest("Week 48", null, "This week in Europe", null));
        assertThat(retitled.definition().content().templateId()).isEqualTo(weeklyTemplate.id());
        assertThat(retitled.definition().content().subject()).isEqualTo("This week in Europe");
    }

    @Test
    void a_newsletter_without_a_default_template_needs_content_in_each_issue() {
        Newsletter plain = f.newsletters.create(ACME, new NewsletterDefinition("Plain", "grp_plain", null, null));

        assertThatThrownBy(
                        () -> f.newsletters.createIssue(ACME, plain.id(), new IssueRequest("No. 1", null, null, null)))
                .isInstanceOf(ValidationFailedException.class);
        NewsletterIssue own = f.newsletters.createIssue(
                ACME,
                plain.id(),
                new IssueRequest("No. 1", new ContentRequest(null, "No. 1", "<p>1</p>", null), null, null));
        assertThat(own.definition().content().ownTemplate()).isTrue();
    }

    @Test
    void a_default_template_of_another_workspace_is_refused() {
        Template foreign = f.template(GLOBEX, "Foreign");

        assertThatThrownBy(() -> f.newsletters.create(
                        ACME, new NewsletterDefinition("Weekly", "grp_weekly", null, foreign.id())))
                .isInstanceOf(ValidationFailedException.class);
    }

    @Test
    void an_issues_preflight_counts_the_newsletters_subscribers_narrowed_by_its_segment() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, "seg_eu"));

        Preflight preflight = f.newsletters.preflightIssue(ACME, weekly.id(), issue.id());

        assertThat(f.audiences.counted()).containsExactly(new AudienceSpec("seg_eu", "grp_weekly"));
        assertThat(preflight.sender().address().value()).isEqualTo("editors@acme.test");
    }

    @Test
    void an_issue_is_found_only_under_its_own_newsletter_and_workspace() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, null));
        Newsletter other = f.newsletters.create(ACME, new NewsletterDefinition("Other", "grp_other", null, null));

        assertThatThrownBy(() -> f.newsletters.findIssue(ACME, other.id(), issue.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.newsletters.cancelIssue(ACME, other.id(), issue.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.newsletters.findIssue(GLOBEX, weekly.id(), issue.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.newsletters.listIssues(GLOBEX, weekly.id(), null, 10))
                .isInstanceOf(NotFoundException.class);
        assertThat(f.newsletters.listIssues(ACME, weekly.id(), null, 10).data())
                .extracting(NewsletterIssue::id)
                .containsExactly(issue.id());
    }

    @Test
    void a_scheduled_issue_starts_at_its_time_from_the_newsletters_sender() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, null));
        f.newsletters.scheduleIssue(ACME, weekly.id(), issue.id(), NOW.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> f.newsletters.updateIssue(
                        ACME, weekly.id(), issue.id(), new IssueRequest("Week 49", null, null, null)))
                .isInstanceOf(IllegalTransitionException.class);

        f.clock.advance(Duration.ofDays(1));
        f.starts.startDue();

        NewsletterIssue sending = f.newsletters.findIssue(ACME, weekly.id(), issue.id());
        assertThat(sending.status()).isEqualTo(CarrierStatus.SENDING);
        assertThat(sending.lifecycle().pinned().from().address().value()).isEqualTo("editors@acme.test");
        assertThat(f.fanOuts.started()).containsExactly(issue.ref());
    }

    @Test
    void a_scheduled_then_cancelled_issue_never_starts() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, null));
        f.newsletters.scheduleIssue(ACME, weekly.id(), issue.id(), NOW.plusSeconds(30));
        f.newsletters.cancelIssue(ACME, weekly.id(), issue.id());

        f.clock.advance(Duration.ofMinutes(1));
        f.starts.startDue();

        assertThat(f.fanOuts.started()).isEmpty();
        assertThat(f.newsletters.findIssue(ACME, weekly.id(), issue.id()).status())
                .isEqualTo(CarrierStatus.CANCELLED);
    }

    @Test
    void an_issue_is_confirmed_through_its_link() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, null));
        ConfirmationLink link = f.newsletters.handOverIssue(ACME, weekly.id(), issue.id());

        f.starts.confirm(ACME, Role.OPERATOR, tokenOf(link));

        assertThat(f.fanOuts.started()).containsExactly(issue.ref());
        assertThat(f.newsletters.findIssue(ACME, weekly.id(), issue.id()).status())
                .isEqualTo(CarrierStatus.SENDING);
    }

    @Test
    void a_duplicate_issue_is_a_new_draft_of_the_same_newsletter() {
        NewsletterIssue issue =
                f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("Week 48", null, null, null));
        f.newsletters.scheduleIssue(ACME, weekly.id(), issue.id(), NOW.plusSeconds(30));

        NewsletterIssue copy = f.newsletters.duplicateIssue(ACME, weekly.id(), issue.id());

        assertThat(copy.status()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(copy.newsletterId()).isEqualTo(weekly.id());
        assertThat(copy.definition()).isEqualTo(issue.definition());
    }
}
