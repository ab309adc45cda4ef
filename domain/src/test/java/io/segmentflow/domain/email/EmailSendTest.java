package io.segmentflow.domain.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.email.DeliveryAttempt.Result;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EmailSendTest {
    private static final Instant ACCEPTED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final EmailAddress ADA = EmailAddress.of("ada@example.com");
    /** A first wait of a minute, doubled per attempt up to an hour; four days; eight attempts. */
    private static final RetryPolicy POLICY =
            new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 8);

    private static final double NO_JITTER = 0.0;

    /** The relay's answer to the claim's attempt, for the message as a whole, recorded at {@code now}. */
    private static AttemptOutcome relayAnswered(EmailSend send, Instant now, Result result, String reply) {
        return send.recordAttempt(new RelayAnswer(result, reply, List.of(), Set.of()), now, now, POLICY, NO_JITTER);
    }

    private static EmailSend accepted() {
        Mailbox from = Mailbox.parse("Acme <no-reply@acme.com>");
        String id = "em_01jnaaaaaaaaaaaaaaaaaaaaaa";
        return EmailSend.accept(new EmailSendDetails(
                id,
                new WorkspaceId("ws_1"),
                "pro_1",
                "tpl_1",
                "tsn_1",
                Mailbox.parse("ada@example.com"),
                null,
                from,
                null,
                null,
                List.of(),
                List.of(),
                "{}",
                null,
                null,
                EmailSend.messageIdFor(id, from.address()),
                "key-1",
                ACCEPTED_AT));
    }

    /** A send to ada@example.com with copies to cc@example.com, Carl@Example.com and bcc@example.com, bea@example.com. */
    private static EmailSend withCopies() {
        Mailbox from = Mailbox.parse("Acme <no-reply@acme.com>");
        String id = "em_01jnbbbbbbbbbbbbbbbbbbbbbb";
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                id,
                new WorkspaceId("ws_1"),
                "pro_1",
                "tpl_1",
                "tsn_1",
                Mailbox.parse("Ada <ada@example.com>"),
                null,
                from,
                null,
                null,
                List.of(EmailAddress.of("cc@example.com"), EmailAddress.of("Carl@Example.com")),
                List.of(EmailAddress.of("bcc@example.com"), EmailAddress.of("bea@example.com")),
                "{}",
                null,
                null,
                EmailSend.messageIdFor(id, from.address()),
                "key-2",
                ACCEPTED_AT));
        send.claim(ACCEPTED_AT, ACCEPTED_AT.plus(LEASE));
        return send;
    }

    private static EmailSend claimed(Instant at) {
        EmailSend send = accepted();
        send.claim(at, at.plus(LEASE));
        return send;
    }

    @Nested
    class Accepting {
        @Test
        void a_new_send_is_queued_and_due_at_once() {
            EmailSend send = accepted();

            assertThat(send.status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(send.attempts()).isZero();
            assertThat(send.progress().nextAttemptAt()).isEqualTo(ACCEPTED_AT);
            assertThat(send.progress().leaseUntil()).isNull();
            assertThat(send.progress().updatedAt()).isEqualTo(ACCEPTED_AT);
            assertThat(send.isClaimable(ACCEPTED_AT)).isTrue();
        }

        @Test
        void the_message_id_names_the_send_at_the_sender_domain() {
            assertThat(EmailSend.messageIdFor("em_123", EmailAddress.of("no-reply@Mail.Acme.com")))
                    .isEqualTo("<em_123@mail.acme.com>");
        }

        @Test
        void the_details_default_to_no_copies_an_empty_payload_no_tracking_and_transactional_priority() {
            EmailSendDetails details = accepted().details();

            assertThat(details.cc()).isEmpty();
            assertThat(details.bcc()).isEmpty();
            assertThat(details.data()).isEqualTo("{}");
            assertThat(details.tracking()).isEqualTo(Tracking.NONE);
            assertThat(details.priority()).isEqualTo(SendPriority.TRANSACTIONAL);
        }

        @Test
        void only_a_send_skipped_at_acceptance_may_name_no_recipient() {
            EmailSendDetails noRecipient = new EmailSendDetails(
                    "em_1",
                    new WorkspaceId("ws_1"),
                    "pro_1",
                    "tpl_1",
                    "tsn_1",
                    null,
                    null,
                    Mailbox.parse("no-reply@acme.com"),
                    null,
                    null,
                    List.of(),
                    List.of(),
                    "{}",
                    null,
                    SendPriority.AUDIENCE,
                    "<em_1@acme.com>",
                    null,
                    ACCEPTED_AT);

            assertThatThrownBy(() -> EmailSend.accept(noRecipient)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> EmailSend.restore(noRecipient, accepted().progress()))
                    .isInstanceOf(IllegalArgumentException.class);
            EmailSend skipped = EmailSend.skipAtAcceptance(noRecipient, "no_address: the Profile has no email address");
            assertThat(skipped.status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(skipped.isClaimable(ACCEPTED_AT)).isFalse();
            assertThat(skipped.details().forgettingProfile().to()).isNull();
        }
    }

    @Nested
    class ErasingTheProfile {
        @Test
        void a_queued_send_is_skipped_and_forgets_the_person() {
            Instant erasedAt = ACCEPTED_AT.plusSeconds(30);

            EmailSend forgotten = accepted().forgettingProfile(erasedAt);

            assertThat(forgotten.status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(forgotten.progress().failureMessage()).isEqualTo(EmailSend.PROFILE_ERASED);
            assertThat(forgotten.progress().nextAttemptAt()).isNull();
            assertThat(forgotten.progress().updatedAt()).isEqualTo(erasedAt);
            assertThat(forgotten.details()).isEqualTo(accepted().details().forgettingProfile());
            assertThat(forgotten.isClaimable(erasedAt)).isFalse();
        }

        @Test
        void a_send_in_flight_keeps_its_claim_and_its_result_is_still_recorded() {
            EmailSend inFlight = claimed(ACCEPTED_AT);

            EmailSend forgotten = inFlight.forgettingProfile(ACCEPTED_AT.plusSeconds(1));

            assertThat(forgotten.status()).isEqualTo(EmailSendStatus.PROCESSING);
            assertThat(forgotten.progress()).isEqualTo(inFlight.progress());
        }
    }

    @Nested
    class Claiming {
        @Test
        void a_claim_takes_the_send_for_one_attempt_under_a_lease() {
            Instant now = ACCEPTED_AT.plusSeconds(1);
            EmailSend send = accepted();

            send.claim(now, now.plus(LEASE));

            assertThat(send.status()).isEqualTo(EmailSendStatus.PROCESSING);
            assertThat(send.attempts()).isEqualTo(1);
            assertThat(send.progress().leaseUntil()).isEqualTo(now.plus(LEASE));
            assertThat(send.progress().updatedAt()).isEqualTo(now);
        }

        @Test
        void a_send_is_not_claimed_before_it_is_due() {
            EmailSend send = accepted();
            Instant before = ACCEPTED_AT.minusMillis(1);

            assertThat(send.isClaimable(before)).isFalse();
            assertThatThrownBy(() -> send.claim(before, before.plus(LEASE)))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("not due");
            assertThat(send.status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(send.attempts()).isZero();
        }

        @Test
        void a_deferred_send_is_claimable_only_from_its_next_attempt_time() {
            EmailSend send = claimed(ACCEPTED_AT);
            relayAnswered(send, ACCEPTED_AT.plusSeconds(1), Result.TEMPORARY_FAILURE, "451 try later");
            Instant retryAt = ACCEPTED_AT.plusSeconds(61);

            assertThat(send.isClaimable(retryAt.minusMillis(1))).isFalse();
            assertThat(send.isClaimable(retryAt)).isTrue();
        }

        @Test
        void a_send_held_under_a_live_lease_cannot_be_claimed_by_another_worker() {
            EmailSend send = claimed(ACCEPTED_AT);
            Instant stillLeased = ACCEPTED_AT.plus(LEASE);

            assertThat(send.isClaimable(stillLeased)).isFalse();
            assertThatThrownBy(() -> send.claim(stillLeased, stillLeased.plus(LEASE)))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(send.attempts()).isEqualTo(1);
        }

        @Test
        void an_expired_lease_makes_a_processing_send_claimable_again() {
            EmailSend send = claimed(ACCEPTED_AT);
            Instant afterLease = ACCEPTED_AT.plus(LEASE).plusMillis(1);

            assertThat(send.isClaimable(afterLease)).isTrue();
            send.claim(afterLease, afterLease.plus(LEASE));

            assertThat(send.status()).isEqualTo(EmailSendStatus.PROCESSING);
            assertThat(send.attempts()).isEqualTo(2);
            assertThat(send.progress().leaseUntil()).isEqualTo(afterLease.plus(LEASE));
        }

        @Test
        void finished_sends_are_never_claimable() {
            Instant later = ACCEPTED_AT.plus(Duration.ofDays(1));
            EmailSend sent = claimed(ACCEPTED_AT);
            relayAnswered(sent, ACCEPTED_AT, Result.ACCEPTED, "250 ok");
            EmailSend failed = claimed(ACCEPTED_AT);
            relayAnswered(failed, ACCEPTED_AT, Result.PERMANENT_FAILURE, "550 no such user");
            EmailSend skipped = accepted();
            skipped.withhold(Map.of(ADA, SuppressionReason.MANUAL), ACCEPTED_AT);

            assertThat(List.of(sent, failed, skipped)).noneMatch(send -> send.isClaimable(later));
            assertThatThrownBy(() -> sent.claim(later, later.plus(LEASE)))
                    .isInstanceOf(IllegalTransitionException.class);
        }
    }

    @Nested
    class EndingAClaim {
        private final Instant later = ACCEPTED_AT.plusSeconds(5);

        @Test
        void a_send_that_gives_up_keeps_the_reply_of_the_earlier_attempt() {
            EmailSend send = claimed(ACCEPTED_AT);
            relayAnswered(send, later, Result.TEMPORARY_FAILURE, "451 greylisted");
            Instant retry = send.progress().nextAttemptAt();
            send.claim(retry, retry.plus(LEASE));

            send.recordNotSent(retry, retry, "template_render_failed: no such path");

            assertThat(send.progress().lastReply()).isEqualTo("451 greylisted");
            assertThat(send.progress().failureMessage()).isEqualTo("template_render_failed: no such path");
        }

        @Test
        void a_new_claim_clears_nothing_but_the_failure_message() {
            EmailSend send = claimed(ACCEPTED_AT);
            relayAnswered(send, later, Result.TEMPORARY_FAILURE, "451 greylisted");
            Instant retry = send.progress().nextAttemptAt();

            send.claim(retry, retry.plus(LEASE));

            assertThat(send.progress().lastReply()).isEqualTo("451 greylisted");
            assertThat(send.progress().failureMessage()).isNull();
        }

        @Test
        void a_claim_ends_only_for_a_send_in_processing() {
            EmailSend queued = accepted();

            assertThatThrownBy(() -> relayAnswered(queued, later, Result.ACCEPTED, "250 ok"))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> queued.recordNotSent(later, later, "template_render_failed"))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> queued.giveUpOnUnfinishedAttempts(later, POLICY))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(queued.status()).isEqualTo(EmailSendStatus.QUEUED);
        }

        @Test
        void a_sent_send_takes_no_other_answer() {
            EmailSend sent = claimed(ACCEPTED_AT);
            relayAnswered(sent, later, Result.ACCEPTED, "250 ok");

            assertThatThrownBy(() -> relayAnswered(sent, later, Result.ACCEPTED, "250 ok"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("sent");
            assertThatThrownBy(() -> relayAnswered(sent, later, Result.TEMPORARY_FAILURE, "421"))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> sent.recordNotSent(later, later, "template_render_failed"))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(sent.status()).isEqualTo(EmailSendStatus.SENT);
        }

        @Test
        void a_failed_send_stays_failed() {
            EmailSend failed = claimed(ACCEPTED_AT);
            relayAnswered(failed, later, Result.PERMANENT_FAILURE, "550");

            assertThatThrownBy(() -> relayAnswered(failed, later, Result.ACCEPTED, "250 ok"))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> failed.withhold(Map.of(ADA, SuppressionReason.MANUAL), later))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(failed.status()).isEqualTo(EmailSendStatus.FAILED);
        }
    }

    @Nested
    class Skipping {
        @Test
        void a_queued_send_whose_recipient_is_suppressed_is_skipped_with_the_reason() {
            EmailSend send = accepted();

            boolean deliverable = send.withhold(Map.of(ADA, SuppressionReason.MANUAL), ACCEPTED_AT);

            assertThat(deliverable).isFalse();
            assertThat(send.status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(send.progress().failureMessage())
                    .isEqualTo("suppressed: ada@example.com is on the workspace's suppression list");
            assertThat(send.attempts()).isZero();
        }

        @Test
        void a_send_in_processing_can_be_skipped() {
            EmailSend send = claimed(ACCEPTED_AT);

            send.withhold(Map.of(ADA, SuppressionReason.HARD_BOUNCE), ACCEPTED_AT);

            assertThat(send.status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(send.progress().leaseUntil()).isNull();
            // the claim found nothing to attempt
            assertThat(send.attempts()).isZero();
        }

        @Test
        void a_finished_send_cannot_be_skipped() {
            EmailSend sent = claimed(ACCEPTED_AT);
            relayAnswered(sent, ACCEPTED_AT, Result.ACCEPTED, "250 ok");
            EmailSend skipped = accepted();
            skipped.withhold(Map.of(ADA, SuppressionReason.MANUAL), ACCEPTED_AT);

            assertThatThrownBy(() -> sent.withhold(Map.of(ADA, SuppressionReason.MANUAL), ACCEPTED_AT))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> skipped.withhold(Map.of(ADA, SuppressionReason.MANUAL), ACCEPTED_AT))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(sent.status()).isEqualTo(EmailSendStatus.SENT);
        }
    }

    @Nested
    class Replies {
        @Test
        void a_multi_line_reply_is_kept_on_one_line() {
            EmailSend send = claimed(ACCEPTED_AT);

            relayAnswered(send, ACCEPTED_AT, Result.ACCEPTED, "250-Ok\r\n250 queued as 4F2A1\n");

            assertThat(send.progress().lastReply()).isEqualTo("250-Ok 250 queued as 4F2A1");
        }

        @Test
        void a_multi_line_failure_reason_is_kept_on_one_line() {
            EmailSend send = claimed(ACCEPTED_AT);

            relayAnswered(send, ACCEPTED_AT, Result.PERMANENT_FAILURE, "550 no\r\nsuch user");

            assertThat(send.progress().failureMessage()).isEqualTo("550 no such user");
        }

        @Test
        void a_long_reply_is_cut_to_the_longest_kept_length() {
            EmailSend send = claimed(ACCEPTED_AT);

            relayAnswered(send, ACCEPTED_AT, Result.TEMPORARY_FAILURE, "4".repeat(EmailSend.MAX_REPLY_LENGTH + 500));

            assertThat(send.progress().lastReply()).hasSize(EmailSend.MAX_REPLY_LENGTH);
        }

        @Test
        void no_reply_stays_no_reply() {
            EmailSend send = claimed(ACCEPTED_AT);

            relayAnswered(send, ACCEPTED_AT, Result.ACCEPTED, null);

            assertThat(send.progress().lastReply()).isNull();
        }
    }

    @Nested
    class RecipientReplies {
        @Test
        void each_recipient_gets_its_own_refusal_or_else_the_reply_to_the_message() {
            EmailSend send = withCopies();
            send.withhold(Map.of(EmailAddress.of("bea@example.com"), SuppressionReason.MANUAL), ACCEPTED_AT);

            AttemptOutcome outcome = send.recordAttempt(
                    new RelayAnswer(
                            Result.ACCEPTED,
                            "250 2.0.0 queued as 7F",
                            List.of(new RecipientRefusal(
                                    EmailAddress.of("Carl@example.com"),
                                    Result.PERMANENT_FAILURE,
                                    "550 5.1.1 no such user")),
                            Set.of()),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    POLICY,
                    NO_JITTER);

            assertThat(outcome.attempt().recipients())
                    .containsExactly(
                            new RecipientReply(
                                    EmailAddress.of("ada@example.com"),
                                    RecipientKind.TO,
                                    Result.ACCEPTED,
                                    "250 2.0.0 queued as 7F"),
                            new RecipientReply(
                                    EmailAddress.of("cc@example.com"),
                                    RecipientKind.CC,
                                    Result.ACCEPTED,
                                    "250 2.0.0 queued as 7F"),
                            new RecipientReply(
                                    EmailAddress.of("Carl@example.com"),
                                    RecipientKind.CC,
                                    Result.PERMANENT_FAILURE,
                                    "550 5.1.1 no such user"),
                            new RecipientReply(
                                    EmailAddress.of("bcc@example.com"),
                                    RecipientKind.BCC,
                                    Result.ACCEPTED,
                                    "250 2.0.0 queued as 7F"));
        }

        @Test
        void a_copy_refused_for_good_or_for_now_does_not_decide_the_send() {
            EmailSend send = withCopies();

            AttemptOutcome outcome = send.recordAttempt(
                    new RelayAnswer(
                            Result.ACCEPTED,
                            "250 ok",
                            List.of(
                                    new RecipientRefusal(
                                            EmailAddress.of("cc@example.com"),
                                            Result.PERMANENT_FAILURE,
                                            "550 5.1.1 gone"),
                                    new RecipientRefusal(
                                            EmailAddress.of("bea@example.com"), Result.TEMPORARY_FAILURE, "452 full")),
                            Set.of()),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    POLICY,
                    NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(outcome.attempt().result()).isEqualTo(Result.ACCEPTED);
            assertThat(outcome.attempt().reply()).isEqualTo("250 ok");
        }

        @Test
        void a_message_refused_as_a_whole_is_refused_for_every_recipient() {
            EmailSend send = withCopies();

            AttemptOutcome outcome =
                    relayAnswered(send, ACCEPTED_AT, Result.TEMPORARY_FAILURE, "421 4.3.2 shutting down");

            assertThat(outcome.attempt().recipients()).hasSize(5).allSatisfy(r -> {
                assertThat(r.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                assertThat(r.reply()).isEqualTo("421 4.3.2 shutting down");
            });
        }

        @Test
        void a_refusal_is_a_failure() {
            assertThatThrownBy(() -> new RecipientRefusal(EmailAddress.of("a@example.com"), Result.ACCEPTED, "250"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class RecordingAnAttempt {
        private final RetryPolicy policy = POLICY;
        private static final Set<EmailAddress> NONE = Set.of();

        private RelayAnswer answer(Result result, String reply) {
            return new RelayAnswer(result, reply, List.of(), NONE);
        }

        @Test
        void a_message_the_relay_took_is_sent_and_its_attempt_kept() {
            EmailSend send = claimed(ACCEPTED_AT);
            Instant now = ACCEPTED_AT.plusSeconds(1);

            AttemptOutcome outcome =
                    send.recordAttempt(answer(Result.ACCEPTED, "250 2.0.0 Ok"), ACCEPTED_AT, now, policy, NO_JITTER);

            assertThat(send.progress())
                    .isEqualTo(new DeliveryProgress(EmailSendStatus.SENT, 1, null, null, "250 2.0.0 Ok", null, now));
            assertThat(outcome.attempt())
                    .isEqualTo(new DeliveryAttempt(
                            send.id(),
                            1,
                            ACCEPTED_AT,
                            now,
                            Result.ACCEPTED,
                            "250 2.0.0 Ok",
                            List.of(new RecipientReply(
                                    EmailAddress.of("ada@example.com"),
                                    RecipientKind.TO,
                                    Result.ACCEPTED,
                                    "250 2.0.0 Ok"))));
            assertThat(outcome.bounces()).isEmpty();
        }

        @Test
        void a_refusal_for_now_is_tried_again_after_the_first_wait_doubled_per_attempt() {
            EmailSend send = claimed(ACCEPTED_AT);
            Instant now = ACCEPTED_AT.plusSeconds(1);

            AttemptOutcome outcome = send.recordAttempt(
                    answer(Result.TEMPORARY_FAILURE, "451 4.7.1 greylisted"), ACCEPTED_AT, now, policy, NO_JITTER);

            assertThat(send.progress())
                    .isEqualTo(new DeliveryProgress(
                            EmailSendStatus.QUEUED,
                            1,
                            now.plus(Duration.ofMinutes(1)),
                            null,
                            "451 4.7.1 greylisted",
                            null,
                            now));
            assertThat(outcome.attempt().result()).isEqualTo(Result.TEMPORARY_FAILURE);

            Instant second = send.progress().nextAttemptAt();
            send.claim(second, second.plus(LEASE));
            send.recordAttempt(
                    answer(Result.TEMPORARY_FAILURE, "451 4.7.1 greylisted"), second, second, policy, NO_JITTER);

            assertThat(send.progress().nextAttemptAt()).isEqualTo(second.plus(Duration.ofMinutes(2)));
        }

        @Test
        void the_jitter_takes_at_most_a_fifth_off_the_wait() {
            EmailSend send = claimed(ACCEPTED_AT);

            send.recordAttempt(
                    answer(Result.TEMPORARY_FAILURE, "451 try later"), ACCEPTED_AT, ACCEPTED_AT, policy, 0.999_999);

            assertThat(Duration.between(ACCEPTED_AT, send.progress().nextAttemptAt()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(48))
                    .isLessThan(Duration.ofSeconds(49));
        }

        @Test
        void no_wait_is_longer_than_the_longest() {
            EmailSend send = claimedAfter(20);
            Instant now = ACCEPTED_AT.plus(Duration.ofDays(1));

            send.recordAttempt(
                    answer(Result.TEMPORARY_FAILURE, "451 try later"),
                    now,
                    now,
                    new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 200),
                    NO_JITTER);

            assertThat(send.progress().nextAttemptAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        }

        @Test
        void the_last_attempt_is_made_when_the_lifetime_ends() {
            EmailSend send = claimed(ACCEPTED_AT);
            Instant end = ACCEPTED_AT.plus(Duration.ofDays(4));
            Instant now = end.minusSeconds(30);

            send.recordAttempt(answer(Result.TEMPORARY_FAILURE, "451 try later"), now, now, policy, NO_JITTER);

            assertThat(send.progress().nextAttemptAt()).isEqualTo(end);
        }

        @Test
        void a_refusal_for_now_at_the_end_of_the_lifetime_fails_the_send_with_the_reason_and_the_last_reply() {
            EmailSend send = claimedAfter(3);
            Instant end = ACCEPTED_AT.plus(Duration.ofDays(4));

            AttemptOutcome outcome = send.recordAttempt(
                    answer(Result.TEMPORARY_FAILURE, "451 4.3.0 try later"), end, end, policy, NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(send.progress().failureMessage())
                    .isEqualTo("gave up after 3 attempts in 345600 s"
                            + " (delivery lifetime 345600 s); last reply: 451 4.3.0 try later");
            assertThat(send.progress().lastReply()).isEqualTo("451 4.3.0 try later");
            assertThat(outcome.attempt().result()).isEqualTo(Result.TEMPORARY_FAILURE);
        }

        @Test
        void a_refusal_for_now_on_the_last_attempt_allowed_fails_the_send_within_its_lifetime() {
            EmailSend send = claimedAfter(8);
            Instant now = ACCEPTED_AT.plus(Duration.ofHours(3));

            send.recordAttempt(answer(Result.TEMPORARY_FAILURE, "451 try later"), now, now, policy, NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(send.progress().failureMessage()).startsWith("gave up after 8 attempts in 10800 s");
        }

        @Test
        void a_permanent_refusal_fails_the_send_and_suppresses_the_mailbox_the_relay_called_unknown() {
            EmailSend send = claimed(ACCEPTED_AT);
            EmailAddress ada = EmailAddress.of("ada@example.com");

            AttemptOutcome outcome = send.recordAttempt(
                    new RelayAnswer(Result.PERMANENT_FAILURE, "550 5.1.1 no such user", List.of(), Set.of(ada)),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    policy,
                    NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(send.progress().failureMessage()).isEqualTo("550 5.1.1 no such user");
            assertThat(outcome.bounces()).singleElement().satisfies(bounce -> {
                assertThat(bounce.address()).isEqualTo(ada);
                assertThat(bounce.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
                assertThat(bounce.detail()).isEqualTo("550 5.1.1 no such user");
                assertThat(bounce.emailSendId()).isEqualTo(send.id());
                assertThat(bounce.workspaceId()).isEqualTo(send.workspaceId());
            });
        }

        @Test
        void a_permanent_refusal_the_relay_did_not_call_a_bounce_suppresses_nobody() {
            EmailSend send = claimed(ACCEPTED_AT);

            // A 5.7.x policy refusal is about the message or its sender, not the mailbox: the relay says so.
            AttemptOutcome outcome = send.recordAttempt(
                    answer(Result.PERMANENT_FAILURE, "550 5.7.1 rejected"),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    policy,
                    NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(send.status().isFinal()).isTrue();
            assertThat(send.progress().failureMessage()).isEqualTo("550 5.7.1 rejected");
            assertThat(send.progress().leaseUntil()).isNull();
            assertThat(outcome.bounces()).isEmpty();
        }

        @Test
        void a_copy_refused_for_good_is_suppressed_with_its_own_reply_while_the_send_is_sent() {
            EmailSend send = withCopies();
            EmailAddress bea = EmailAddress.of("bea@example.com");

            AttemptOutcome outcome = send.recordAttempt(
                    new RelayAnswer(
                            Result.ACCEPTED,
                            "250 2.0.0 Ok",
                            List.of(new RecipientRefusal(
                                    bea, Result.PERMANENT_FAILURE, "550 5.1.1 <bea@example.com>: unknown")),
                            Set.of(bea)),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    policy,
                    NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(outcome.bounces()).singleElement().satisfies(bounce -> {
                assertThat(bounce.address()).isEqualTo(bea);
                assertThat(bounce.detail()).isEqualTo("550 5.1.1 <bea@example.com>: unknown");
            });
            assertThat(outcome.attempt().recipients())
                    .filteredOn(r -> r.address().equals(bea))
                    .singleElement()
                    .extracting(RecipientReply::result)
                    .isEqualTo(Result.PERMANENT_FAILURE);
        }

        @Test
        void a_recipient_refused_for_good_fails_the_send_though_the_copies_went_out_and_says_so() {
            EmailSend send = withCopies();
            EmailAddress ada = EmailAddress.of("ada@example.com");

            send.recordAttempt(
                    new RelayAnswer(
                            Result.ACCEPTED,
                            "250 2.0.0 Ok",
                            List.of(new RecipientRefusal(ada, Result.PERMANENT_FAILURE, "550 5.1.1 unknown")),
                            Set.of(ada)),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    policy,
                    NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(send.progress().failureMessage())
                    .isEqualTo("550 5.1.1 unknown (delivered to the other recipients)");
            assertThat(send.progress().lastReply()).isEqualTo("550 5.1.1 unknown");
        }

        @Test
        void a_recipient_refused_for_now_is_tried_again_copies_and_all() {
            EmailSend send = withCopies();
            EmailAddress ada = EmailAddress.of("ada@example.com");

            AttemptOutcome outcome = send.recordAttempt(
                    new RelayAnswer(
                            Result.ACCEPTED,
                            "250 2.0.0 Ok",
                            List.of(new RecipientRefusal(ada, Result.TEMPORARY_FAILURE, "450 4.2.1 busy")),
                            Set.of()),
                    ACCEPTED_AT,
                    ACCEPTED_AT,
                    policy,
                    NO_JITTER);

            assertThat(send.status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(send.progress().lastReply()).isEqualTo("450 4.2.1 busy");
            assertThat(outcome.attempt().result()).isEqualTo(Result.TEMPORARY_FAILURE);
        }

        @Test
        void a_message_that_cannot_be_made_fails_the_send_without_reaching_the_relay() {
            EmailSend send = claimed(ACCEPTED_AT);

            AttemptOutcome outcome =
                    send.recordNotSent(ACCEPTED_AT, ACCEPTED_AT.plusSeconds(1), "template_render_failed: no such path");

            assertThat(send.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(send.progress().failureMessage()).isEqualTo("template_render_failed: no such path");
            assertThat(outcome.attempt().result()).isEqualTo(Result.NOT_SENT);
            assertThat(outcome.attempt().recipients()).isEmpty();
            assertThat(outcome.bounces()).isEmpty();
        }

        @Test
        void a_send_claimed_more_often_than_the_attempts_allowed_gives_up_before_another() {
            EmailSend atTheCeiling = claimedAfter(8);
            EmailSend pastIt = claimedAfter(9);

            assertThat(atTheCeiling.giveUpOnUnfinishedAttempts(ACCEPTED_AT, policy))
                    .isFalse();
            assertThat(atTheCeiling.status()).isEqualTo(EmailSendStatus.PROCESSING);
            assertThat(pastIt.giveUpOnUnfinishedAttempts(ACCEPTED_AT, policy)).isTrue();
            assertThat(pastIt.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(pastIt.progress().failureMessage()).isEqualTo("gave up after 8 attempts that did not finish");
        }

        @Test
        void an_attempt_is_recorded_only_on_a_claimed_send() {
            EmailSend send = accepted();

            assertThatThrownBy(() -> send.recordAttempt(
                            answer(Result.ACCEPTED, "250 Ok"), ACCEPTED_AT, ACCEPTED_AT, policy, NO_JITTER))
                    .isInstanceOf(IllegalTransitionException.class);
        }

        /** A send claimed for its attempt number {@code attempts}, each attempt before refused for now. */
        private EmailSend claimedAfter(int attempts) {
            RetryPolicy patient = new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 200);
            EmailSend send = accepted();
            for (int i = 1; i < attempts; i++) {
                Instant due = send.progress().nextAttemptAt();
                send.claim(due, due.plus(LEASE));
                send.recordAttempt(answer(Result.TEMPORARY_FAILURE, "451 try later"), due, due, patient, NO_JITTER);
            }
            Instant due = send.progress().nextAttemptAt();
            send.claim(due, due.plus(LEASE));
            return send;
        }
    }
}
