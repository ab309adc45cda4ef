package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.out.persistence.TestDatabase.Transaction;
import io.segmentflow.application.port.out.EmailSends.Claimed;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.DeliveryAttempt.Result;
import io.segmentflow.domain.email.DeliveryProgress;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.RecipientRefusal;
import io.segmentflow.domain.email.RecipientReply;
import io.segmentflow.domain.email.RelayAnswer;
import io.segmentflow.domain.email.RetryPolicy;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.email.WithheldRecipient;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The durable outbox: claiming due sends under a lease, recording progress, and storing every field. */
@ExtendWith(TestDatabaseExtension.class)
class JpaEmailSendsTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_sends");
    private static final WorkspaceId OTHER_WORKSPACE = new WorkspaceId("ws_other");
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Mailbox FROM = new Mailbox(EmailAddress.of("no-reply@acme.test"), "Acme");

    private final TestDatabase db;
    private final ExecutorService otherWorker = Executors.newSingleThreadExecutor();

    JpaEmailSendsTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void stopOtherWorker() {
        otherWorker.shutdownNow();
    }

    // --- claiming -----------------------------------------------------------------------------------------

    @Test
    void claim_due_takes_due_transactional_sends_before_audience_sends_and_leaves_sends_due_later() {
        // given: the audience send has waited longest, so only the priority puts the transactional one first
        stored(
                queued("em_audience", SendPriority.AUDIENCE, NOW.minus(Duration.ofMinutes(10))),
                queued("em_transactional", SendPriority.TRANSACTIONAL, NOW.minus(Duration.ofMinutes(1))),
                queued("em_later", SendPriority.TRANSACTIONAL, NOW.plus(Duration.ofMinutes(5))));

        // when
        List<EmailSend> claimed = claimDue(NOW, 10);

        // then
        assertThat(claimed).extracting(EmailSend::id).containsExactly("em_transactional", "em_audience");
        assertThat(claimed).allSatisfy(send -> assertClaimed(send, 1, NOW));
        assertClaimed(storedSend("em_transactional"), 1, NOW);
        assertClaimed(storedSend("em_audience"), 1, NOW);
        EmailSend later = storedSend("em_later");
        assertThat(later.status()).isEqualTo(EmailSendStatus.QUEUED);
        assertThat(later.attempts()).isZero();
        assertThat(later.progress().leaseUntil()).isNull();
    }

    @Test
    void claim_due_takes_no_more_than_the_limit_and_leaves_the_rest_queued() {
        // given
        stored(
                queued("em_audience", SendPriority.AUDIENCE, NOW.minus(Duration.ofMinutes(10))),
                queued("em_transactional", SendPriority.TRANSACTIONAL, NOW.minus(Duration.ofMinutes(1))));

        // when
        List<EmailSend> claimed = claimDue(NOW, 1);

        // then
        assertThat(claimed).extracting(EmailSend::id).containsExactly("em_transactional");
        assertThat(storedSend("em_audience").status()).isEqualTo(EmailSendStatus.QUEUED);
    }

    @Test
    void a_claim_whose_transaction_rolls_back_leaves_the_send_queued() {
        // given
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));

        // when
        try (Transaction worker = db.begin()) {
            assertThat(worker.emailSends().claimDue(NOW, NOW.plus(LEASE), 10)).hasSize(1);
            worker.rollback();
        }

        // then
        assertThat(storedSend("em_1").status()).isEqualTo(EmailSendStatus.QUEUED);
        assertThat(storedSend("em_1").attempts()).isZero();
    }

    @Test
    void a_second_worker_neither_waits_for_nor_takes_the_sends_an_uncommitted_claim_holds() throws Exception {
        // given
        stored(
                queued("em_t1", SendPriority.TRANSACTIONAL, NOW.minusSeconds(30)),
                queued("em_t2", SendPriority.TRANSACTIONAL, NOW.minusSeconds(20)),
                queued("em_a1", SendPriority.AUDIENCE, NOW.minusSeconds(10)));

        try (Transaction firstWorker = db.begin()) {
            assertThat(firstWorker.emailSends().claimDue(NOW, NOW.plus(LEASE), 1))
                    .extracting(c -> c.send().id())
                    .containsExactly("em_t1");

            // when: a second worker claims on its own connection while the first has not committed
            Future<List<EmailSend>> secondClaim = otherWorker.submit(() -> claimDue(NOW, 10));

            // then: it answers at once, without the first worker's send
            assertThat(secondClaim.get(5, TimeUnit.SECONDS))
                    .extracting(EmailSend::id)
                    .doesNotContain("em_t1");
            firstWorker.commit();
        }
        assertClaimed(storedSend("em_t1"), 1, NOW);
    }

    @Test
    void a_second_worker_takes_the_due_sends_an_uncommitted_claim_does_not_hold() throws Exception {
        // H2 2.3 locks every row a SELECT ... ORDER BY ... LIMIT ... FOR UPDATE reads, not only the rows it
        // returns: there the first claim holds all three sends and the second worker gets none until it
        // commits (it still neither waits nor takes them, see the test above).
        assumeTrue(db.isPostgreSql(), "H2 locks every row the claiming query reads");

        // given
        stored(
                queued("em_t1", SendPriority.TRANSACTIONAL, NOW.minusSeconds(30)),
                queued("em_t2", SendPriority.TRANSACTIONAL, NOW.minusSeconds(20)),
                queued("em_a1", SendPriority.AUDIENCE, NOW.minusSeconds(10)));

        try (Transaction firstWorker = db.begin()) {
            assertThat(firstWorker.emailSends().claimDue(NOW, NOW.plus(LEASE), 1))
                    .extracting(c -> c.send().id())
                    .containsExactly("em_t1");

            // when
            Future<List<EmailSend>> secondClaim = otherWorker.submit(() -> claimDue(NOW, 10));

            // then
            assertThat(secondClaim.get(5, TimeUnit.SECONDS))
                    .extracting(EmailSend::id)
                    .containsExactly("em_t2", "em_a1");
            firstWorker.commit();
        }
        assertThat(List.of(storedSend("em_t1"), storedSend("em_t2"), storedSend("em_a1")))
                .allSatisfy(send -> assertClaimed(send, 1, NOW));
    }

    @Test
    void audience_claims_go_on_where_the_last_full_one_ended_and_a_short_one_goes_back_for_what_was_passed_over()
            throws Exception {
        assumeTrue(db.isPostgreSql(), "H2 locks every row the claiming query reads");
        // given: one node's store (its claims share a cursor), and a worker of another node holding the oldest send
        JpaEmailSends node = new JpaEmailSends();
        stored(
                queued("em_a1", SendPriority.AUDIENCE, NOW.minusSeconds(40)),
                queued("em_a2", SendPriority.AUDIENCE, NOW.minusSeconds(30)),
                queued("em_a3", SendPriority.AUDIENCE, NOW.minusSeconds(20)),
                queued("em_a4", SendPriority.AUDIENCE, NOW.minusSeconds(10)));
        try (Transaction otherNode = db.begin()) {
            assertThat(otherNode.emailSends().claimDue(NOW, NOW.plus(LEASE), 1))
                    .extracting(c -> c.send().id())
                    .containsExactly("em_a1");
            assertThat(otherWorker.submit(() -> claimOn(node, 2)).get(5, TimeUnit.SECONDS))
                    .containsExactly("em_a2", "em_a3");
            // the other node's worker gives its claim up
        }
        stored(queued("em_t1", SendPriority.TRANSACTIONAL, NOW));

        // when / then: transactional sends still come first; audience sends go on after em_a3, and a claim that
        // finds nothing more there looks again from the front and finds em_a1
        assertThat(claimOn(node, 2)).containsExactly("em_t1", "em_a4");
        assertThat(claimOn(node, 2)).containsExactly("em_a1");
        assertThat(claimOn(node, 2)).isEmpty();
    }

    @Test
    void transactional_claims_start_just_before_where_the_last_one_began_and_every_few_seconds_from_the_front() {
        // given: one node's store, and two transactional sends due
        JpaEmailSends node = new JpaEmailSends();
        stored(
                queued("em_t1", SendPriority.TRANSACTIONAL, NOW.minusSeconds(60)),
                queued("em_t2", SendPriority.TRANSACTIONAL, NOW.minusSeconds(30)));
        assertThat(claimOn(node, NOW, 1)).containsExactly("em_t1");

        // when: a send due before that claim's first is committed only now (its transaction was slow)
        stored(queued("em_late", SendPriority.TRANSACTIONAL, NOW.minusSeconds(90)));

        // then: the next claim starts where the last one began, and the claim from the front a few seconds on finds it
        assertThat(claimOn(node, NOW.plusSeconds(1), 10)).containsExactly("em_t2");
        assertThat(claimOn(node, NOW.plus(ClaimFloor.SWEEP_INTERVAL), 10)).containsExactly("em_late");
        assertThat(claimOn(node, NOW.plus(ClaimFloor.SWEEP_INTERVAL).plusSeconds(1), 10))
                .isEmpty();
    }

    /** Claims with {@code node}'s store, in a transaction of its own, and returns the ids claimed. */
    private List<String> claimOn(JpaEmailSends node, int limit) {
        return claimOn(node, NOW, limit);
    }

    private List<String> claimOn(JpaEmailSends node, Instant now, int limit) {
        return db.inTransaction(tx -> {
            node.em = tx.entityManager();
            return node.claimDue(now, now.plus(LEASE), limit).stream()
                    .map(c -> c.send().id())
                    .toList();
        });
    }

    @Test
    void a_processing_send_whose_lease_ran_out_is_claimed_again() {
        // given: a worker claimed it and died
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        claimDue(NOW, 10);
        Instant afterTheLease = NOW.plus(LEASE).plusSeconds(1);

        // when
        List<EmailSend> claimed = claimDue(afterTheLease, 10);

        // then
        assertThat(claimed).extracting(EmailSend::id).containsExactly("em_1");
        assertClaimed(claimed.get(0), 2, afterTheLease);
        assertClaimed(storedSend("em_1"), 2, afterTheLease);
    }

    @Test
    void a_processing_send_is_not_claimed_again_while_its_lease_lasts() {
        // given
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        claimDue(NOW, 10);

        // when
        List<EmailSend> duringTheLease = claimDue(NOW.plus(LEASE).minusSeconds(1), 10);
        List<EmailSend> atTheLeaseEnd = claimDue(NOW.plus(LEASE), 10);

        // then
        assertThat(duringTheLease).isEmpty();
        assertThat(atTheLeaseEnd).isEmpty();
        assertClaimed(storedSend("em_1"), 1, NOW);
    }

    // --- recording progress -------------------------------------------------------------------------------

    @Test
    void recording_progress_of_the_current_claim_stores_it() {
        // given
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        Claimed claimedClaim = claimsDue(NOW, 10).get(0);
        EmailSend claimed = claimedClaim.send();
        DeliveryAttempt attempt =
                answered(claimed, NOW, NOW.plusSeconds(2), Result.ACCEPTED, "250 2.0.0 Ok: queued as 4B7");

        // when
        Set<String> lost =
                db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(claimedClaim), List.of(attempt)));

        // then
        assertThat(lost).isEmpty();
        DeliveryProgress stored = storedSend("em_1").progress();
        assertThat(stored)
                .isEqualTo(new DeliveryProgress(
                        EmailSendStatus.SENT, 1, null, null, "250 2.0.0 Ok: queued as 4B7", null, NOW.plusSeconds(2)));
        assertThat(attemptsOf(WORKSPACE, "em_1")).containsExactly(attempt);
    }

    @Test
    void the_withheld_recipients_and_each_recipient_s_reply_are_stored_with_the_progress() {
        // given: a send with copies, one cc withheld as suppressed, the other refused at RCPT
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                "em_1",
                WORKSPACE,
                null,
                "tpl_1",
                "tsn_1",
                Mailbox.of(EmailAddress.of("ada@example.test")),
                null,
                FROM,
                null,
                null,
                List.of(EmailAddress.of("Cy@example.test"), EmailAddress.of("dan@example.test")),
                List.of(EmailAddress.of("eve@example.test")),
                "{}",
                null,
                SendPriority.TRANSACTIONAL,
                EmailSend.messageIdFor("em_1", FROM.address()),
                null,
                NOW));
        stored(send);
        Claimed claimedClaim = claimsDue(NOW, 10).get(0);
        EmailSend claimed = claimedClaim.send();
        claimed.withhold(Map.of(EmailAddress.of("cy@example.test"), SuppressionReason.HARD_BOUNCE), NOW);
        DeliveryAttempt attempt = claimed.recordAttempt(
                        new RelayAnswer(
                                Result.ACCEPTED,
                                "250 2.0.0 queued as 4B7",
                                List.of(new RecipientRefusal(
                                        EmailAddress.of("dan@example.test"),
                                        Result.PERMANENT_FAILURE,
                                        "550 5.1.1 <dan@example.test>: no such user")),
                                Set.of()),
                        NOW,
                        NOW.plusSeconds(2),
                        POLICY,
                        NO_JITTER)
                .attempt();

        // when
        db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(claimedClaim), List.of(attempt)));

        // then
        assertThat(storedSend("em_1").withheld())
                .containsExactly(new WithheldRecipient(
                        EmailAddress.of("Cy@example.test"), RecipientKind.CC, SuppressionReason.HARD_BOUNCE));
        List<DeliveryAttempt> read = attemptsOf(WORKSPACE, "em_1");
        assertThat(read).containsExactly(attempt);
        assertThat(read.get(0).recipients())
                .extracting(RecipientReply::kind, RecipientReply::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RecipientKind.TO, Result.ACCEPTED),
                        org.assertj.core.groups.Tuple.tuple(RecipientKind.CC, Result.PERMANENT_FAILURE),
                        org.assertj.core.groups.Tuple.tuple(RecipientKind.BCC, Result.ACCEPTED));
    }

    @Test
    void the_attempts_of_many_sends_are_recorded_together_and_read_back_in_order() {
        // given
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        stored(queued("em_2", SendPriority.TRANSACTIONAL, NOW));
        List<Claimed> claims = claimsDue(NOW, 10);
        List<EmailSend> claimed = claims.stream().map(Claimed::send).toList();
        List<DeliveryAttempt> attempts = List.of(
                answered(claimed.get(0), NOW, NOW.plusSeconds(1), Result.TEMPORARY_FAILURE, "451 4.7.1 greylisted"),
                answered(claimed.get(1), NOW, NOW.plusSeconds(1), Result.PERMANENT_FAILURE, "550 5.1.1 no such user"));
        db.inTransaction(tx -> tx.emailSends().recordProgress(claims, attempts));

        // when: the first is tried again and accepted
        Instant later = NOW.plusSeconds(61);
        Claimed againClaim = claimsDue(later, 10).get(0);
        EmailSend again = againClaim.send();
        DeliveryAttempt second = answered(again, later, later.plusSeconds(1), Result.ACCEPTED, "250 ok");
        db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(againClaim), List.of(second)));

        // then
        assertThat(attemptsOf(WORKSPACE, again.id())).containsExactly(attempts.get(0), second);
        assertThat(attemptsOf(WORKSPACE, claimed.get(1).id())).containsExactly(attempts.get(1));
        assertThat(storedSend(claimed.get(1).id()).progress().lastReply()).isEqualTo("550 5.1.1 no such user");
    }

    @Test
    void a_claim_that_ends_in_a_skip_is_recorded_without_counting_an_attempt() {
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        Claimed claimedClaim = claimsDue(NOW, 10).get(0);
        EmailSend claimed = claimedClaim.send();
        claimed.withhold(Map.of(ADA, SuppressionReason.MANUAL), NOW.plusSeconds(1));

        Set<String> lost = db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(claimedClaim), List.of()));

        assertThat(lost).isEmpty();
        assertThat(storedSend("em_1").status()).isEqualTo(EmailSendStatus.SKIPPED);
        assertThat(storedSend("em_1").attempts()).isZero();
    }

    @Test
    void a_send_whose_worker_died_is_claimed_again_even_while_due_sends_fill_every_claim() {
        // given: a worker claimed a send and died; a backlog of due sends arrived after it
        stored(queued("em_dead", SendPriority.TRANSACTIONAL, NOW));
        claimDue(NOW, 1);
        for (int i = 0; i < 5; i++) {
            stored(queued("em_backlog_" + i, SendPriority.TRANSACTIONAL, NOW));
        }

        // when: its lease has run out, and the due sends alone could fill the claim
        List<EmailSend> claimed = claimDue(NOW.plus(LEASE).plusSeconds(1), 3);

        // then
        assertThat(claimed).hasSize(3).extracting(EmailSend::id).contains("em_dead");
    }

    @Test
    void a_worker_whose_lease_ran_out_cannot_overwrite_a_later_claim_that_skipped_the_send() {
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        Claimed staleClaim = claimsDue(NOW, 10).get(0);
        EmailSend stale = staleClaim.send();
        Instant later = NOW.plus(LEASE).plusSeconds(1);
        Claimed currentClaim = claimsDue(later, 10).get(0);
        EmailSend current = currentClaim.send();
        current.withhold(Map.of(ADA, SuppressionReason.MANUAL), later);
        db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(currentClaim), List.of()));

        answered(stale, NOW, later.plusSeconds(1), Result.ACCEPTED, "250 late");
        Set<String> lost = db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(staleClaim), List.of()));

        assertThat(lost).containsExactly("em_1");
        assertThat(storedSend("em_1").status()).isEqualTo(EmailSendStatus.SKIPPED);
    }

    @Test
    void another_workspace_sees_no_attempts() {
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        Claimed claimedClaim = claimsDue(NOW, 10).get(0);
        EmailSend claimed = claimedClaim.send();
        DeliveryAttempt attempt = answered(claimed, NOW, NOW.plusSeconds(1), Result.ACCEPTED, "250 ok");
        db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(claimedClaim), List.of(attempt)));

        assertThat(attemptsOf(OTHER_WORKSPACE, "em_1")).isEmpty();
    }

    @Test
    void a_worker_whose_send_was_claimed_again_by_another_cannot_overwrite_the_new_claim() {
        // given: the first worker's lease ran out and a second worker claimed the send again
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        Claimed staleClaimClaim = claimsDue(NOW, 10).get(0);
        EmailSend staleClaim = staleClaimClaim.send();
        Instant reclaimedAt = NOW.plus(LEASE).plusSeconds(1);
        Claimed currentClaimClaim = claimsDue(reclaimedAt, 10).get(0);
        EmailSend currentClaim = currentClaimClaim.send();

        // when: the first worker finishes late
        DeliveryAttempt late = answered(staleClaim, NOW, reclaimedAt.plusSeconds(1), Result.ACCEPTED, "250 late");
        Set<String> staleLost =
                db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(staleClaimClaim), List.of(late)));

        // then: nothing changed, and the late attempt is not stored either
        assertThat(staleLost).containsExactly("em_1");
        assertThat(attemptsOf(WORKSPACE, "em_1")).isEmpty();
        assertClaimed(storedSend("em_1"), 2, reclaimedAt);
        assertThat(storedSend("em_1").progress().lastReply()).isNull();

        // and the current worker still records its result
        // the second attempt waits twice the first wait
        answered(currentClaim, reclaimedAt, reclaimedAt.plusSeconds(2), Result.TEMPORARY_FAILURE, "451 try later");
        Set<String> currentLost =
                db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(currentClaimClaim), List.of()));
        assertThat(currentLost).isEmpty();
        assertThat(storedSend("em_1").progress())
                .isEqualTo(new DeliveryProgress(
                        EmailSendStatus.QUEUED,
                        2,
                        reclaimedAt.plusSeconds(122),
                        null,
                        "451 try later",
                        null,
                        reclaimedAt.plusSeconds(2)));
    }

    @Test
    void of_many_results_recorded_together_only_those_of_sends_claimed_again_since_are_lost() {
        // given: two claimed sends, and the lease of the first ran out and another worker claimed it again
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));
        stored(queued("em_2", SendPriority.TRANSACTIONAL, NOW.plusSeconds(1)));
        Claimed first = claimsDue(NOW, 10).get(0);
        Claimed second = claimsDue(NOW.plusSeconds(1), 10).get(0);
        Instant reclaimedAt = NOW.plus(LEASE).plusMillis(500);
        assertThat(claimsDue(reclaimedAt, 10))
                .extracting(claim -> claim.send().id())
                .containsExactly("em_1");

        // when: the first worker records both results late, together
        // A clock's nanoseconds, cut to microseconds on the way in, do not make a recorded result look lost.
        Instant finishedAt = reclaimedAt.plusNanos(1_000_000_789L);
        DeliveryAttempt one = answered(first.send(), NOW, finishedAt, Result.ACCEPTED, "250 one");
        DeliveryAttempt two = answered(second.send(), NOW, finishedAt, Result.ACCEPTED, "250 two");
        Set<String> lost =
                db.inTransaction(tx -> tx.emailSends().recordProgress(List.of(first, second), List.of(one, two)));

        // then: the send claimed again keeps the new claim; the other is recorded with its attempt
        assertThat(lost).containsExactly("em_1");
        assertClaimed(storedSend("em_1"), 2, reclaimedAt);
        assertThat(attemptsOf(WORKSPACE, "em_1")).isEmpty();
        assertThat(storedSend("em_2").status()).isEqualTo(EmailSendStatus.SENT);
        assertThat(attemptsOf(WORKSPACE, "em_2")).hasSize(1);
    }

    private List<DeliveryAttempt> attemptsOf(WorkspaceId workspace, String sendId) {
        return db.inTransaction(tx -> tx.emailSends().attempts(workspace, sendId));
    }

    // --- storing ------------------------------------------------------------------------------------------

    @Test
    void a_send_with_every_field_set_and_no_reply_to_reads_back_unchanged() {
        // given
        String id = "em_full";
        Mailbox from = new Mailbox(EmailAddress.of("billing@acme.test"), "Acme Billing Zoë");
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                id,
                WORKSPACE,
                "pr_1",
                "tpl_1",
                "tsn_1",
                new Mailbox(EmailAddress.of("ann@example.test"), "Ann Émile"),
                "crm-42",
                from,
                null,
                "Your receipt – ünïcode",
                List.of(EmailAddress.of("carl@example.test"), EmailAddress.of("dora@example.test")),
                List.of(EmailAddress.of("audit@acme.test")),
                "{\"order\":{\"id\":\"A-17\"}}",
                new Tracking(true, false),
                SendPriority.AUDIENCE,
                EmailSend.messageIdFor(id, from.address()),
                "order-17",
                NOW));

        // when
        stored(send);

        // then
        EmailSend found = storedSend(id);
        assertThat(found.details()).isEqualTo(send.details());
        assertThat(found.progress()).isEqualTo(send.progress());
    }

    @Test
    void a_send_with_a_reply_to_and_without_copies_or_display_names_reads_back_unchanged() {
        // given
        String id = "em_plain";
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                id,
                WORKSPACE,
                null,
                "tpl_1",
                "tsn_1",
                Mailbox.of(EmailAddress.of("ann@example.test")),
                null,
                Mailbox.of(FROM.address()),
                EmailAddress.of("help@acme.test"),
                null,
                List.of(),
                List.of(),
                "{}",
                new Tracking(false, true),
                SendPriority.TRANSACTIONAL,
                EmailSend.messageIdFor(id, FROM.address()),
                null,
                NOW));

        // when
        stored(send);

        // then
        EmailSend found = storedSend(id);
        assertThat(found.details()).isEqualTo(send.details());
        assertThat(found.progress()).isEqualTo(send.progress());
    }

    @Test
    void a_send_is_not_found_through_another_workspace() {
        // given
        stored(queued("em_1", SendPriority.TRANSACTIONAL, NOW));

        // when
        Optional<EmailSend> throughOther =
                db.inTransaction(tx -> tx.emailSends().find(OTHER_WORKSPACE, "em_1"));
        Optional<EmailSend> throughOwn = db.inTransaction(tx -> tx.emailSends().find(WORKSPACE, "em_1"));

        // then
        assertThat(throughOther).isEmpty();
        assertThat(throughOwn).isPresent();
    }

    @Test
    void a_send_added_in_a_transaction_is_read_back_in_it_before_the_commit() {
        try (Transaction tx = db.begin()) {
            tx.emailSends().add(queued("em_1", SendPriority.TRANSACTIONAL, NOW));

            assertThat(tx.emailSends().find(WORKSPACE, "em_1")).isPresent();
            tx.rollback();
        }

        Optional<EmailSend> afterTheRollback =
                db.inTransaction(t -> t.emailSends().find(WORKSPACE, "em_1"));
        assertThat(afterTheRollback).isEmpty();
    }

    // --- the language of these tests ----------------------------------------------------------------------

    private static final EmailAddress ADA = EmailAddress.of("ada@example.test");
    /** A first wait of a minute, doubled per attempt. */
    private static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 200);

    private static final double NO_JITTER = 0.0;

    /** The relay's answer to the claim's attempt, recorded on the claimed send as delivery does: the attempt. */
    private static DeliveryAttempt answered(
            EmailSend claimed, Instant startedAt, Instant now, Result result, String reply) {
        return claimed.recordAttempt(
                        new RelayAnswer(result, reply, List.of(), Set.of()), startedAt, now, POLICY, NO_JITTER)
                .attempt();
    }

    /** A send accepted at {@code due}, and so due then. */
    private static EmailSend queued(String id, SendPriority priority, Instant due) {
        return EmailSend.accept(new EmailSendDetails(
                id,
                WORKSPACE,
                null,
                "tpl_1",
                "tsn_1",
                Mailbox.of(EmailAddress.of("ada@example.test")),
                null,
                FROM,
                null,
                null,
                List.of(),
                List.of(),
                "{}",
                null,
                priority,
                EmailSend.messageIdFor(id, FROM.address()),
                null,
                due));
    }

    private void stored(EmailSend... sends) {
        db.commit(tx -> List.of(sends).forEach(tx.emailSends()::add));
    }

    /** One worker's claim, in a transaction of its own, committed. */
    private List<EmailSend> claimDue(Instant now, int limit) {
        return claimsDue(now, limit).stream().map(Claimed::send).toList();
    }

    /** The sends claimed, each with the attempt count its claim stored. */
    private List<Claimed> claimsDue(Instant now, int limit) {
        return db.inTransaction(tx -> tx.emailSends().claimDue(now, now.plus(LEASE), limit));
    }

    /** The send as stored, read on a new EntityManager. */
    private EmailSend storedSend(String id) {
        return db.inTransaction(tx -> tx.emailSends().find(WORKSPACE, id))
                .orElseThrow(() -> new AssertionError("no send " + id));
    }

    private static void assertClaimed(EmailSend send, int attempts, Instant claimedAt) {
        assertThat(send.status()).as("status of %s", send.id()).isEqualTo(EmailSendStatus.PROCESSING);
        assertThat(send.attempts()).as("attempts of %s", send.id()).isEqualTo(attempts);
        assertThat(send.progress().leaseUntil()).as("lease of %s", send.id()).isEqualTo(claimedAt.plus(LEASE));
        assertThat(send.progress().updatedAt())
                .as("updated at of %s", send.id())
                .isEqualTo(claimedAt);
    }
}
