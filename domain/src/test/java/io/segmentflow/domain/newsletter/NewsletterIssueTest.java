package io.segmentflow.domain.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NewsletterIssueTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    private final Newsletter weekly = Newsletter.create(
            WORKSPACE, new NewsletterDefinition("Weekly", "grp_weekly", null, "tpl_weekly"), clock.instant());

    private NewsletterIssue issue(String segmentId) {
        return NewsletterIssue.draft(
                weekly,
                new IssueDefinition("Week 48", CarrierContent.ofTemplate("tpl_weekly", null), segmentId),
                clock.instant());
    }

    @Test
    void an_issue_goes_to_the_newsletters_subscribers_narrowed_by_its_segment() {
        assertThat(issue(null).audience(weekly)).isEqualTo(new AudienceSpec(null, "grp_weekly"));
        assertThat(issue("seg_eu").audience(weekly)).isEqualTo(new AudienceSpec("seg_eu", "grp_weekly"));
        assertThat(issue(null).ref().type()).isEqualTo(CarrierType.NEWSLETTER_ISSUE);
        assertThat(issue(null).workspaceId()).isEqualTo(WORKSPACE);
    }

    @Test
    void an_issue_follows_the_broadcast_flow() {
        NewsletterIssue issue = issue(null);
        Instant sendAt = clock.instant().plus(Duration.ofDays(1));
        issue.schedule(sendAt, clock.instant());
        assertThatThrownBy(() -> issue.edit(issue.definition(), clock.instant()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("newsletter issue " + issue.id());

        Clock tomorrow = Clock.offset(clock, Duration.ofDays(1));
        issue.startScheduled(new CarrierLifecycle.Pinned("tsn_1", Mailbox.parse("news@acme.test")), tomorrow.instant());
        assertThat(issue.status()).isEqualTo(CarrierStatus.SENDING);
        assertThatThrownBy(() -> issue.cancel(tomorrow.instant())).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void an_issue_is_read_only_against_its_own_newsletter() {
        Newsletter other = Newsletter.create(
                WORKSPACE, new NewsletterDefinition("Other", "grp_other", null, null), clock.instant());

        assertThatThrownBy(() -> issue(null).audience(other)).isInstanceOf(IllegalArgumentException.class);
    }
}
