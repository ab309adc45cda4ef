package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.port.out.EmailSends.Claimed;
import io.segmentflow.application.port.out.SendStatistics.Count;
import io.segmentflow.application.statistics.Backlog;
import io.segmentflow.application.statistics.SendEvent;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.DeliveryAttempt.Result;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RelayAnswer;
import io.segmentflow.domain.email.RetryPolicy;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's reads of the outbox: sends per minute by what happened to them, the backlog, and the search. */
@ExtendWith(TestDatabaseExtension.class)
class JpaSendStatisticsTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_stats");
    private static final WorkspaceId OTHER = new WorkspaceId("ws_stats_other");
    private static final Instant MINUTE_1 = Instant.parse("2030-01-15T09:59:00Z");
    private static final Instant MINUTE_2 = Instant.parse("2030-01-15T10:00:00Z");
    private static final Mailbox FROM = new Mailbox(EmailAddress.of("no-reply@acme.test"), "Acme");
    private static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 200);

    private final TestDatabase db;

    JpaSendStatisticsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void counts_each_minute_what_was_accepted_sent_deferred_failed_and_skipped_in_the_workspace_since_a_time() {
        // given: one send accepted before the window, three in its first minute (one of them skipped at once)
        EmailSend early = send(WORKSPACE, "ada@example.test", MINUTE_1.minusSeconds(10));
        EmailSend bob = send(WORKSPACE, "bob@example.test", MINUTE_1.plusSeconds(5));
        EmailSend cy = send(WORKSPACE, "cy@example.test", MINUTE_1.plusSeconds(6));
        EmailSend skipped = skipped(WORKSPACE, "dee@example.test", MINUTE_1.plusSeconds(40));
        EmailSend elsewhere = send(OTHER, "ada@example.test", MINUTE_1.plusSeconds(7));
        stored(early, bob, cy, skipped, elsewhere);
        // a delivery pass in the first minute: bob's and cy's are deferred (due again a minute later)
        attempt(
                MINUTE_1.plusSeconds(20),
                Map.of(
                        early.id(), Result.ACCEPTED,
                        bob.id(), Result.TEMPORARY_FAILURE,
                        cy.id(), Result.TEMPORARY_FAILURE,
                        elsewhere.id(), Result.ACCEPTED));
        // and one in the second: cy's goes out, bob's fails for good
        attempt(MINUTE_2.plusSeconds(30), Map.of(bob.id(), Result.PERMANENT_FAILURE, cy.id(), Result.ACCEPTED));

        List<Count> counts = perMinute(WORKSPACE, MINUTE_1);

        assertThat(counts)
                .containsExactlyInAnyOrder(
                        new Count(MINUTE_1, SendEvent.ACCEPTED, 3),
                        new Count(MINUTE_1, SendEvent.SKIPPED, 1),
                        new Count(MINUTE_1, SendEvent.DEFERRED, 2),
                        new Count(MINUTE_1, SendEvent.SENT, 1),
                        new Count(MINUTE_2, SendEvent.SENT, 1),
                        new Count(MINUTE_2, SendEvent.FAILED, 1));
        assertThat(perMinute(WORKSPACE, MINUTE_2.plusSeconds(60))).isEmpty();
        assertThat(perMinute(OTHER, MINUTE_1))
                .containsExactlyInAnyOrder(
                        new Count(MINUTE_1, SendEvent.ACCEPTED, 1), new Count(MINUTE_1, SendEvent.SENT, 1));
    }

    @Test
    void the_backlog_counts_the_workspace_sends_waiting_and_in_delivery_and_the_oldest_one_due() {
        stored(
                send(WORKSPACE, "ada@example.test", MINUTE_1),
                send(WORKSPACE, "bob@example.test", MINUTE_1.plusSeconds(1)),
                send(WORKSPACE, "cy@example.test", MINUTE_1.plusSeconds(2)),
                skipped(WORKSPACE, "dee@example.test", MINUTE_1.minusSeconds(60)),
                send(OTHER, "ada@example.test", MINUTE_1.plusSeconds(5)));
        // the oldest goes into delivery: it is no longer waiting
        db.inTransaction(tx -> tx.emailSends().claimDue(MINUTE_2, MINUTE_2.plusSeconds(60), 1));

        assertThat(backlog(WORKSPACE)).isEqualTo(new Backlog(2, 1, MINUTE_1.plusSeconds(1)));
        assertThat(backlog(OTHER)).isEqualTo(new Backlog(1, 0, MINUTE_1.plusSeconds(5)));
        assertThat(backlog(new WorkspaceId("ws_none"))).isEqualTo(Backlog.EMPTY);
    }

    @Test
    void sends_are_found_by_recipient_and_status_newest_first_within_the_workspace() {
        EmailSend first = send(WORKSPACE, "ada@example.test", MINUTE_1);
        EmailSend second = send(WORKSPACE, "ada@example.test", MINUTE_1.plusSeconds(1));
        EmailSend bob = send(WORKSPACE, "bob@example.test", MINUTE_1.plusSeconds(2));
        EmailSend skipped = skipped(WORKSPACE, "ada@example.test", MINUTE_1.plusSeconds(3));
        EmailSend elsewhere = send(OTHER, "ada@example.test", MINUTE_1.plusSeconds(4));
        stored(first, second, bob, skipped, elsewhere);
        EmailAddress ada = EmailAddress.of("ada@example.test");

        assertThat(search(ada, null, 10)).containsExactly(skipped.id(), second.id(), first.id());
        assertThat(search(ada, EmailSendStatus.QUEUED, 10)).containsExactly(second.id(), first.id());
        assertThat(search(ada, null, 1)).containsExactly(skipped.id());
        assertThat(search(null, EmailSendStatus.SKIPPED, 10)).containsExactly(skipped.id());
        assertThat(search(null, null, 10)).containsExactly(skipped.id(), bob.id(), second.id(), first.id());
        assertThat(search(EmailAddress.of("nobody@example.test"), null, 10)).isEmpty();
    }

    private List<Count> perMinute(WorkspaceId workspace, Instant since) {
        return db.inTransaction(tx -> tx.sendStatistics().perMinute(workspace, since));
    }

    private Backlog backlog(WorkspaceId workspace) {
        return db.inTransaction(tx -> tx.sendStatistics().backlog(workspace));
    }

    private List<String> search(EmailAddress recipient, EmailSendStatus status, int limit) {
        return db.inTransaction(tx -> tx.emailSends().search(WORKSPACE, recipient, status, limit)).stream()
                .map(EmailSend::id)
                .toList();
    }

    /** A delivery pass at {@code at}: it claims every due send, which must be those named, and records their results. */
    private void attempt(Instant at, Map<String, Result> results) {
        db.commit(tx -> {
            List<Claimed> claims = tx.emailSends().claimDue(at, at.plusSeconds(60), 100);
            assertThat(claims).extracting(c -> c.send().id()).containsExactlyInAnyOrderElementsOf(results.keySet());
            List<DeliveryAttempt> attempts = claims.stream()
                    .map(claim -> {
                        Result result = results.get(claim.send().id());
                        String reply = result == Result.ACCEPTED ? "250 ok" : "4.5.1 or 5.5.0 no";
                        return claim.send()
                                .recordAttempt(new RelayAnswer(result, reply, List.of(), Set.of()), at, at, POLICY, 0.0)
                                .attempt();
                    })
                    .toList();
            tx.emailSends().recordProgress(claims, attempts);
        });
    }

    private void stored(EmailSend... sends) {
        db.commit(tx -> List.of(sends).forEach(tx.emailSends()::add));
    }

    private static EmailSend send(WorkspaceId workspace, String to, Instant at) {
        return EmailSend.accept(details(workspace, to, at));
    }

    private static EmailSend skipped(WorkspaceId workspace, String to, Instant at) {
        return EmailSend.skipAtAcceptance(details(workspace, to, at), "unsubscribed: from group grp_news");
    }

    private static EmailSendDetails details(WorkspaceId workspace, String to, Instant at) {
        String id = Identifier.next("em", at);
        return new EmailSendDetails(
                id,
                workspace,
                null,
                "tpl_1",
                "tsn_1",
                Mailbox.of(EmailAddress.of(to)),
                null,
                FROM,
                null,
                null,
                List.of(),
                List.of(),
                "{}",
                null,
                SendPriority.TRANSACTIONAL,
                EmailSend.messageIdFor(id, FROM.address()),
                null,
                at);
    }
}
