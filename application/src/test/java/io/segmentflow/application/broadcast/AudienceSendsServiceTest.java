package io.segmentflow.application.broadcast;

import static io.segmentflow.application.broadcast.AudienceSendsFixture.ACME;
import static io.segmentflow.application.broadcast.AudienceSendsFixture.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.template.Template;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AudienceSendsServiceTest {
    private final AudienceSendsFixture f = new AudienceSendsFixture();
    private final AudienceSendsService query = new AudienceSendsService(
            f.carriers.broadcasts(), f.carriers.newsletters(), f.carriers.issues(), f.carrierSends);
    private final Template sale = f.template(ACME, "Sale");

    private Broadcast broadcast(String name) {
        f.clock.advance(Duration.ofSeconds(1));
        return f.broadcasts.create(
                ACME,
                new BroadcastRequest(
                        name,
                        new ContentRequest(sale.id(), null, null, null),
                        null,
                        "grp_news",
                        Mailbox.parse("Acme <news@acme.test>")));
    }

    @Test
    void the_latest_broadcasts_come_newest_first_and_only_the_workspace_s() {
        Broadcast first = broadcast("First");
        Broadcast second = broadcast("Second");

        assertThat(query.latestBroadcasts(ACME, 10))
                .extracting(AudienceSend::name)
                .containsExactly("Second", "First");
        assertThat(query.latestBroadcasts(ACME, 1))
                .extracting(s -> s.ref().id())
                .containsExactly(second.id());
        assertThat(query.latestBroadcasts(GLOBEX, 10)).isEmpty();
        assertThat(first.status()).isEqualTo(CarrierStatus.DRAFT);
        assertThatThrownBy(() -> query.latestBroadcasts(ACME, 101)).isInstanceOf(ValidationFailedException.class);
    }

    @Test
    void the_latest_issues_of_every_newsletter_come_with_their_newsletter_s_name_and_group() {
        Newsletter weekly =
                f.newsletters.create(ACME, new NewsletterDefinition("Weekly", "grp_weekly", null, sale.id()));
        Newsletter monthly =
                f.newsletters.create(ACME, new NewsletterDefinition("Monthly", "grp_news", null, sale.id()));
        f.clock.advance(Duration.ofSeconds(1));
        NewsletterIssue one = f.newsletters.createIssue(ACME, weekly.id(), new IssueRequest("W1", null, null, null));
        f.clock.advance(Duration.ofSeconds(1));
        NewsletterIssue two = f.newsletters.createIssue(ACME, monthly.id(), new IssueRequest("M1", null, null, null));

        List<AudienceSend> latest = query.latestIssues(ACME, 10);

        assertThat(latest).extracting(s -> s.ref().id()).containsExactly(two.id(), one.id());
        assertThat(latest.get(0).newsletterName()).isEqualTo("Monthly");
        assertThat(latest.get(1).subscriptionGroupId()).isEqualTo("grp_weekly");
        assertThat(latest.get(1).ref().type()).isEqualTo(CarrierType.NEWSLETTER_ISSUE);
        assertThat(query.latestIssues(GLOBEX, 10)).isEmpty();
    }

    @Test
    void progress_is_done_once_the_fan_out_ended_and_nothing_waits_for_delivery() {
        Broadcast broadcast = broadcast("Sale");
        ConfirmationLink link = f.broadcasts.handOver(ACME, broadcast.id());
        f.starts.confirm(ACME, Role.OPERATOR, AudienceSendsFixture.tokenOf(link));
        f.carrierSends.results(broadcast.ref(), new SendResults(3, 5, 0, 2, Map.of("unsubscribed", 2L)));

        AudienceSendsQuery.Progress sending = query.progress(ACME, CarrierType.BROADCAST, broadcast.id());

        assertThat(sending.send().status()).isEqualTo(CarrierStatus.SENDING);
        assertThat(sending.results().total()).isEqualTo(10);
        assertThat(sending.done()).isFalse();

        f.transactions.inTransaction(() -> {
            Broadcast stored =
                    f.carriers.broadcasts().findForUpdate(ACME, broadcast.id()).orElseThrow();
            stored.fannedOut(10, f.clock.instant());
            f.carriers.broadcasts().update(stored);
            return null;
        });
        assertThat(query.progress(ACME, CarrierType.BROADCAST, broadcast.id()).done())
                .isFalse();

        f.carrierSends.results(broadcast.ref(), new SendResults(0, 8, 0, 2, Map.of("unsubscribed", 2L)));
        AudienceSendsQuery.Progress done = query.progress(ACME, CarrierType.BROADCAST, broadcast.id());
        assertThat(done.send().status()).isEqualTo(CarrierStatus.SENT);
        assertThat(done.done()).isTrue();
    }

    @Test
    void another_workspace_s_send_or_a_send_of_the_other_kind_is_not_found() {
        Broadcast broadcast = broadcast("Sale");

        assertThatThrownBy(() -> query.progress(GLOBEX, CarrierType.BROADCAST, broadcast.id()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> query.progress(ACME, CarrierType.NEWSLETTER_ISSUE, broadcast.id()))
                .isInstanceOf(NotFoundException.class);
    }
}
