package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UnknownSubscriptionGroupException;
import io.segmentflow.application.fake.DaemonThreads;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemoryIdempotencyRecords;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.application.fake.RecordingDispatchSignal;
import io.segmentflow.application.fake.RecordingDispatchSignal.WakeUp;
import io.segmentflow.application.fake.TinyJsonAnswers;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredAnswer;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SendEmailServiceTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final Mailbox DEFAULT_FROM = Mailbox.parse("Segmentflow <no-reply@segmentflow.test>");
    private static final TemplateContent RECEIPT =
            new TemplateContent("Your receipt, ${data.name}", "<p>Thanks, ${data.name}</p>", null);

    private final InMemoryEmailSends sends = new InMemoryEmailSends();
    private final InMemoryTemplates templates = new InMemoryTemplates();
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final InMemoryIdempotencyRecords idempotency = new InMemoryIdempotencyRecords();
    private final FakeTransactions transactions = new FakeTransactions(sends, templates, profiles, idempotency);
    private final RecordingDispatchSignal dispatchSignal = new RecordingDispatchSignal(
            transactions::isActive, () -> sends.all().size());
    private final SendEmailService service = new SendEmailService(
            sends,
            templates,
            profiles,
            groups,
            idempotency,
            transactions,
            dispatchSignal,
            Clock.fixed(NOW, ZoneOffset.UTC),
            DEFAULT_FROM,
            DaemonThreads.GROUPING,
            new DaemonThreads());
    private final TinyJsonAnswers answers = new TinyJsonAnswers();
    private static final FirstAnswer WINNERS_ANSWER = new FirstAnswer(TinyJsonAnswers.CODE, "{\"id\":\"em_winner\"}");

    private Template receipt;

    @AfterEach
    void stopAccepting() {
        service.close();
    }

    @BeforeEach
    void a_workspace_with_a_receipt_template() {
        receipt = Template.create(ACME, "Receipt", TemplateKind.TRANSACTIONAL, RECEIPT, NOW.minusSeconds(3600));
        templates.add(receipt);
    }

    private SendRequest aReceipt() {
        return SendRequest.of(ACME, receipt.id());
    }

    private EmailSend accepted(SendOutcome outcome) {
        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        return sends.stored(((SendOutcome.Accepted) outcome).send().id());
    }

    @Nested
    class Accepting {
        @Test
        void an_accepted_send_is_queued_due_now_with_the_current_snapshot_of_its_template() {
            SendOutcome outcome = service.send(aReceipt().command(), answers);

            EmailSend send = accepted(outcome);
            assertThat(send.id()).startsWith("em_");
            assertThat(send.status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(send.attempts()).isZero();
            assertThat(send.progress().nextAttemptAt()).isEqualTo(NOW);
            assertThat(send.workspaceId()).isEqualTo(ACME);
            assertThat(send.details().templateId()).isEqualTo(receipt.id());
            assertThat(send.details().templateSnapshotId())
                    .isEqualTo(receipt.current().id());
            assertThat(send.details().createdAt()).isEqualTo(NOW);
            assertThat(send.details().priority()).isEqualTo(SendPriority.TRANSACTIONAL);
        }

        @Test
        void the_send_keeps_everything_the_caller_asked_for() {
            List<EmailAddress> cc = List.of(EmailAddress.of("accounts@example.com"));
            List<EmailAddress> bcc = List.of(EmailAddress.of("archive@acme.com"));

            EmailSend send = accepted(service.send(
                    aReceipt()
                            .key("order-77")
                            .to("Ada Lovelace <ada@example.com>", "user-42")
                            .from("Acme Billing <billing@acme.com>")
                            .replyTo("support@acme.com")
                            .subject("Receipt for order 77")
                            .cc(cc)
                            .bcc(bcc)
                            .data("{\"order\":77}")
                            .tracking(new Tracking(true, false))
                            .command(),
                    answers));

            EmailSendDetails details = send.details();
            assertThat(details.to()).isEqualTo(Mailbox.parse("Ada Lovelace <ada@example.com>"));
            assertThat(details.toExternalId()).isEqualTo("user-42");
            assertThat(details.from()).isEqualTo(Mailbox.parse("Acme Billing <billing@acme.com>"));
            assertThat(details.replyTo()).isEqualTo(EmailAddress.of("support@acme.com"));
            assertThat(details.subject()).isEqualTo("Receipt for order 77");
            assertThat(details.cc()).isEqualTo(cc);
            assertThat(details.bcc()).isEqualTo(bcc);
            assertThat(details.data()).isEqualTo("{\"order\":77}");
            assertThat(details.tracking()).isEqualTo(new Tracking(true, false));
            assertThat(details.idempotencyKey()).isEqualTo("order-77");
        }

        @Test
        void a_send_under_a_subscription_group_is_linked_to_it_and_to_no_carrier() {
            SubscriptionGroup news = SubscriptionGroup.create(ACME, "News", null, true, NOW);
            groups.add(news);

            EmailSend send = accepted(
                    service.send(aReceipt().subscriptionGroup(news.id()).command(), answers));

            assertThat(send.details().audience()).isEqualTo(new AudienceLink(news.id(), null));
        }

        @Test
        void a_send_under_a_group_the_workspace_does_not_have_is_refused_and_stores_nothing() {
            SubscriptionGroup theirs =
                    SubscriptionGroup.create(new WorkspaceId("ws_other"), "Theirs", null, false, NOW);
            groups.add(theirs);

            assertThatThrownBy(() -> service.send(
                            aReceipt().subscriptionGroup(theirs.id()).command(), answers))
                    .isInstanceOf(UnknownSubscriptionGroupException.class)
                    .extracting(e -> ((UnknownSubscriptionGroupException) e).code())
                    .isEqualTo("unknown_subscription_group");
            assertThatThrownBy(() -> service.send(
                            aReceipt().key("k2").subscriptionGroup("sg_nope").command(), answers))
                    .isInstanceOf(UnknownSubscriptionGroupException.class);
            assertThat(sends.all()).isEmpty();
        }

        @Test
        void a_send_that_names_no_sender_goes_from_the_default_sender() {
            EmailSend send = accepted(service.send(aReceipt().command(), answers));

            assertThat(send.details().from()).isEqualTo(DEFAULT_FROM);
        }

        @Test
        void the_message_id_is_the_send_id_at_the_sender_domain() {
            EmailSend fromDefault = accepted(service.send(aReceipt().key("k-1").command(), answers));
            EmailSend fromAcme = accepted(service.send(
                    aReceipt().key("k-2").from("billing@Mail.Acme.com").command(), answers));

            assertThat(fromDefault.details().messageId()).isEqualTo("<" + fromDefault.id() + "@segmentflow.test>");
            assertThat(fromAcme.details().messageId()).isEqualTo("<" + fromAcme.id() + "@mail.acme.com>");
        }

        @Test
        void the_recipient_becomes_a_profile_of_the_workspace_with_its_external_id() {
            EmailSend send = accepted(
                    service.send(aReceipt().to("ada@example.com", "user-42").command(), answers));

            assertThat(profiles.all()).singleElement().satisfies(profile -> {
                assertThat(profile.id()).isEqualTo(send.details().profileId());
                assertThat(profile.workspaceId()).isEqualTo(ACME);
                assertThat(profile.email()).isEqualTo(EmailAddress.of("ada@example.com"));
                assertThat(profile.externalId()).isEqualTo("user-42");
            });
        }

        @Test
        void the_answer_is_committed_with_the_send_under_its_idempotency_key() {
            SendRequest request = aReceipt().fingerprint("fp-receipt");

            SendOutcome outcome = service.send(request.command(), answers);

            EmailSend send = accepted(outcome);
            FirstAnswer callersAnswer =
                    new FirstAnswer(TinyJsonAnswers.CODE, "{\"id\":\"" + send.id() + "\",\"status\":\"queued\"}");
            assertThat(outcome.answer())
                    .as("the caller's own answer, as it wrote it")
                    .isEqualTo(callersAnswer);
            assertThat(idempotency.find(ACME, request.idempotencyKey()))
                    .contains(new StoredAnswer("fp-receipt", callersAnswer, NOW));
            assertThat(transactions.commits()).isEqualTo(1);
        }

        @Test
        void the_dispatchers_are_woken_once_the_send_is_committed() {
            service.send(aReceipt().command(), answers);

            assertThat(dispatchSignal.wakeUps()).containsExactly(new WakeUp(false, 1));
        }

        @Test
        void a_recipient_known_in_another_workspace_gets_a_profile_of_this_workspace() {
            profiles.put(new Profile("pr_globex", GLOBEX, EmailAddress.of("ada@example.com"), null, "{}", NOW, NOW));

            EmailSend send =
                    accepted(service.send(aReceipt().to("ada@example.com", null).command(), answers));

            Profile profile = profiles.find(ACME, send.details().profileId()).orElseThrow();
            assertThat(profile.id()).isNotEqualTo("pr_globex");
            assertThat(profile.email()).isEqualTo(EmailAddress.of("ada@example.com"));
        }

        @Test
        void a_send_accepted_before_a_template_edit_keeps_the_snapshot_it_was_accepted_with() {
            EmailSend before =
                    accepted(service.send(aReceipt().key("before-edit").command(), answers));
            Template edited = templates.find(ACME, receipt.id()).orElseThrow();
            edited.edit(
                    "Receipt",
                    TemplateKind.TRANSACTIONAL,
                    new TemplateContent("Receipt", "<p>New layout</p>", null),
                    NOW);
            templates.update(edited);

            EmailSend after = accepted(service.send(aReceipt().key("after-edit").command(), answers));

            assertThat(sends.stored(before.id()).details().templateSnapshotId())
                    .isEqualTo(receipt.current().id());
            assertThat(after.details().templateSnapshotId())
                    .isEqualTo(edited.current().id())
                    .isNotEqualTo(receipt.current().id());
        }
    }

    @Nested
    class Idempotency {
        @Test
        void a_retry_with_the_same_key_and_request_gets_the_first_answer_and_creates_nothing() {
            SendOutcome first = service.send(aReceipt().command(), answers);

            SendOutcome retry = service.send(aReceipt().command(), answers);

            assertThat(retry).isInstanceOf(SendOutcome.Replayed.class);
            assertThat(retry.answer()).isEqualTo(first.answer());
            assertThat(sends.all()).hasSize(1);
            assertThat(profiles.all()).hasSize(1);
            assertThat(idempotency.size()).isEqualTo(1);
            assertThat(dispatchSignal.wakeUps()).hasSize(1);
        }

        @Test
        void the_same_key_with_a_different_request_is_refused() {
            service.send(aReceipt().fingerprint("fp-first").command(), answers);

            assertThatThrownBy(() -> service.send(
                            aReceipt()
                                    .fingerprint("fp-other")
                                    .subject("Changed")
                                    .command(),
                            answers))
                    .isInstanceOf(IdempotencyKeyReuseException.class)
                    .extracting(e -> ((IdempotencyKeyReuseException) e).code())
                    .isEqualTo("idempotency_key_reuse");
            assertThat(sends.all()).hasSize(1);
            assertThat(idempotency.size()).isEqualTo(1);
        }

        @Test
        void keys_are_scoped_to_the_workspace() {
            Template globexReceipt = Template.create(GLOBEX, "Receipt", TemplateKind.TRANSACTIONAL, RECEIPT, NOW);
            templates.add(globexReceipt);
            service.send(aReceipt().key("shared-key").command(), answers);

            SendOutcome globex = service.send(
                    SendRequest.of(GLOBEX, globexReceipt.id()).key("shared-key").command(), answers);

            assertThat(accepted(globex).workspaceId()).isEqualTo(GLOBEX);
            assertThat(sends.all()).hasSize(2);
        }

        @Test
        void a_key_held_by_a_request_still_in_flight_is_a_concurrent_request_and_nothing_is_stored() {
            SendRequest request = aReceipt();
            idempotency.heldByRequestInFlight(ACME, request.idempotencyKey());

            assertThatThrownBy(() -> service.send(request.command(), answers))
                    .isInstanceOf(ConcurrentRequestException.class)
                    .extracting(e -> ((ConcurrentRequestException) e).code())
                    .isEqualTo("concurrent_request");

            assertThat(sends.all()).isEmpty();
            assertThat(profiles.all())
                    .as("the profile upsert is rolled back with the send")
                    .isEmpty();
            assertThat(idempotency.find(ACME, request.idempotencyKey())).isEmpty();
            assertThat(dispatchSignal.wakeUps()).isEmpty();
        }

        @Test
        void a_request_that_loses_the_race_for_its_key_gets_the_winner_answer_and_stores_nothing() {
            SendRequest request = aReceipt().fingerprint("fp-same");
            idempotency.committedFirstByAnotherRequest(
                    ACME, request.idempotencyKey(), new StoredAnswer("fp-same", WINNERS_ANSWER, NOW));

            SendOutcome outcome = service.send(request.command(), answers);

            assertThat(outcome).isEqualTo(new SendOutcome.Replayed(WINNERS_ANSWER));
            assertThat(sends.all()).isEmpty();
            assertThat(profiles.all()).isEmpty();
            assertThat(dispatchSignal.wakeUps()).isEmpty();
        }

        @Test
        void a_different_request_that_loses_the_race_for_its_key_is_refused() {
            SendRequest request = aReceipt().fingerprint("fp-mine");
            idempotency.committedFirstByAnotherRequest(
                    ACME, request.idempotencyKey(), new StoredAnswer("fp-theirs", WINNERS_ANSWER, NOW));

            assertThatThrownBy(() -> service.send(request.command(), answers))
                    .isInstanceOf(IdempotencyKeyReuseException.class);
            assertThat(sends.all()).isEmpty();
        }
    }

    @Nested
    class Refusing {
        @Test
        void an_unknown_template_is_not_found_and_leaves_no_idempotency_record() {
            SendRequest request = aReceipt().templateId("tpl_missing");

            assertThatThrownBy(() -> service.send(request.command(), answers))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("tpl_missing")
                    .extracting(e -> ((NotFoundException) e).code())
                    .isEqualTo("not_found");

            assertThat(idempotency.find(ACME, request.idempotencyKey())).isEmpty();
            assertThat(sends.all()).isEmpty();
            assertThat(profiles.all()).isEmpty();
            assertThat(dispatchSignal.wakeUps()).isEmpty();
        }

        @Test
        void a_key_whose_request_was_refused_can_be_used_for_the_corrected_request() {
            assertThatThrownBy(() -> service.send(
                            aReceipt()
                                    .templateId("tpl_missing")
                                    .fingerprint("fp-wrong")
                                    .command(),
                            answers))
                    .isInstanceOf(NotFoundException.class);

            SendOutcome corrected =
                    service.send(aReceipt().fingerprint("fp-right").command(), answers);

            assertThat(accepted(corrected).status()).isEqualTo(EmailSendStatus.QUEUED);
        }

        @Test
        void a_template_of_another_workspace_is_not_found() {
            Template globexOnly = Template.create(GLOBEX, "Secret", TemplateKind.TRANSACTIONAL, RECEIPT, NOW);
            templates.add(globexOnly);

            assertThatThrownBy(() ->
                            service.send(SendRequest.of(ACME, globexOnly.id()).command(), answers))
                    .isInstanceOf(NotFoundException.class);
            assertThat(sends.all()).isEmpty();
        }
    }

    @Nested
    class Finding {
        @Test
        void a_send_is_found_in_its_own_workspace_only() {
            EmailSend send = accepted(service.send(aReceipt().command(), answers));

            assertThat(service.find(ACME, send.id()).id()).isEqualTo(send.id());
            assertThatThrownBy(() -> service.find(GLOBEX, send.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> service.find(ACME, "em_unknown")).isInstanceOf(NotFoundException.class);
        }
    }
}
