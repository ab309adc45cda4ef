package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.ValidationFailedException;
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
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** emails.batchSend: independent items, processed in order, accepted set-wise in one transaction. */
class SendBatchTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
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
    private Template welcome;

    @AfterEach
    void stopAccepting() {
        service.close();
    }

    @BeforeEach
    void a_workspace_with_two_templates() {
        receipt = Template.create(ACME, "Receipt", TemplateKind.TRANSACTIONAL, RECEIPT, NOW.minusSeconds(3600));
        welcome = Template.create(ACME, "Welcome", TemplateKind.TRANSACTIONAL, RECEIPT, NOW.minusSeconds(3600));
        templates.add(receipt);
        templates.add(welcome);
    }

    private SendRequest item(String key, String recipient) {
        return SendRequest.of(ACME, receipt.id())
                .key(key)
                .fingerprint("fp-" + key)
                .to(recipient + "@example.com", null);
    }

    private static BatchItem send(SendRequest request) {
        return new BatchItem.Send(request.command());
    }

    private BatchOutcome batch(BatchItem... items) {
        return service.sendBatch(new SendBatchCommand(ACME, Arrays.asList(items)), answers);
    }

    private static String errorOf(BatchOutcome.Item item) {
        Assertions.assertThat(item).isInstanceOf(BatchOutcome.Rejected.class);
        return ((BatchOutcome.Rejected) item).refusal().code();
    }

    @Test
    void every_valid_item_is_accepted_in_the_order_of_the_request() {
        BatchOutcome outcome = batch(
                send(item("k-0", "ada")),
                send(item("k-1", "grace")),
                send(item("k-2", "alan").templateId(welcome.id())));

        assertThat(outcome.items()).extracting(BatchOutcome.Item::index).containsExactly(0, 1, 2);
        assertThat(outcome.items())
                .extracting(BatchOutcome.Item::idempotencyKey)
                .containsExactly("k-0", "k-1", "k-2");
        assertThat(outcome.items()).allMatch(BatchOutcome.Accepted.class::isInstance);
        assertThat(outcome.accepted()).isEqualTo(3);
        assertThat(outcome.rejected()).isZero();
        List<EmailSend> stored = sends.all();
        assertThat(stored).extracting(s -> s.details().idempotencyKey()).containsExactly("k-0", "k-1", "k-2");
        assertThat(stored).allMatch(s -> s.status() == EmailSendStatus.QUEUED);
        assertThat(stored.get(2).details().templateSnapshotId())
                .isEqualTo(welcome.current().id());
        BatchOutcome.Accepted first = (BatchOutcome.Accepted) outcome.items().get(0);
        assertThat(first.answer()).as("the caller's answer to that send").isEqualTo(answers.answer(first.send()));
        assertThat(idempotency.find(ACME, new IdempotencyKey("k-0")))
                .contains(new StoredAnswer("fp-k-0", first.answer(), NOW));
    }

    @Test
    void a_batch_is_accepted_in_one_transaction_with_set_wise_store_calls_and_one_wake_up_after_commit() {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(send(item("k-" + i, "r" + i).templateId(i % 2 == 0 ? receipt.id() : welcome.id())));
        }

        BatchOutcome outcome = service.sendBatch(new SendBatchCommand(ACME, items), answers);

        assertThat(outcome.accepted()).isEqualTo(100);
        assertThat(transactions.commits()).isEqualTo(1);
        assertThat(idempotency.lookups()).as("one look-up of all keys").isEqualTo(1);
        assertThat(templates.snapshotLookups())
                .as("one look-up of all templates")
                .isEqualTo(1);
        assertThat(profiles.upserts()).as("one upsert of all recipients").isEqualTo(1);
        assertThat(sends.inserts()).as("one insert of all sends").isEqualTo(1);
        assertThat(sends.all()).hasSize(100);
        assertThat(profiles.all()).hasSize(100);
        assertThat(dispatchSignal.wakeUps()).containsExactly(new WakeUp(false, 100));
    }

    @Test
    void a_bad_item_is_rejected_alone_with_its_error_and_the_others_are_accepted() {
        BatchOutcome outcome = batch(
                send(item("k-0", "ada")),
                new BatchItem.Malformed("k-1", new ValidationFailedException("to.email", "is required")),
                send(item("k-2", "grace").templateId("tpl_missing")),
                send(item("k-3", "alan")));

        assertThat(errorOf(outcome.items().get(1))).isEqualTo("validation_failed");
        assertThat(((BatchOutcome.Rejected) outcome.items().get(1)).refusal().fieldErrors())
                .extracting(e -> e.field())
                .containsExactly("to.email");
        assertThat(errorOf(outcome.items().get(2))).isEqualTo("not_found");
        assertThat(((BatchOutcome.Rejected) outcome.items().get(2)).refusal().getMessage())
                .contains("tpl_missing");
        assertThat(outcome.items().get(0)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(outcome.items().get(3)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(outcome.accepted()).isEqualTo(2);
        assertThat(outcome.rejected()).isEqualTo(2);
        assertThat(sends.all()).extracting(s -> s.details().idempotencyKey()).containsExactly("k-0", "k-3");
        assertThat(idempotency.size())
                .as("nothing is stored for a rejected item")
                .isEqualTo(2);
        assertThat(profiles.all())
                .extracting(p -> p.email().value())
                .containsExactlyInAnyOrder("ada@example.com", "alan@example.com");
    }

    @Test
    void a_key_repeated_within_the_batch_is_rejected_for_the_later_item() {
        BatchOutcome outcome =
                batch(send(item("same", "ada")), send(item("other", "grace")), send(item("same", "alan")));

        assertThat(outcome.items().get(0)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(outcome.items().get(1)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(errorOf(outcome.items().get(2))).isEqualTo("validation_failed");
        ApplicationException refusal = ((BatchOutcome.Rejected) outcome.items().get(2)).refusal();
        assertThat(refusal.fieldErrors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("idempotencyKey");
            assertThat(e.message()).contains("item 0");
        });
        assertThat(sends.all())
                .extracting(s -> s.details().to().address().value())
                .containsExactly("ada@example.com", "grace@example.com");
    }

    @Test
    void a_retried_batch_replays_item_by_item_and_creates_nothing_new() {
        BatchOutcome first = batch(send(item("k-0", "ada")), send(item("k-1", "grace")));

        BatchOutcome retry = batch(send(item("k-0", "ada")), send(item("k-1", "grace")));

        assertThat(retry.items()).allMatch(BatchOutcome.Replayed.class::isInstance);
        for (int i = 0; i < 2; i++) {
            BatchOutcome.Replayed replayed =
                    (BatchOutcome.Replayed) retry.items().get(i);
            assertThat(replayed.answer())
                    .isEqualTo(((BatchOutcome.Accepted) first.items().get(i)).answer());
        }
        assertThat(retry.accepted()).isEqualTo(2);
        assertThat(sends.all()).hasSize(2);
        assertThat(idempotency.size()).isEqualTo(2);
        assertThat(profiles.upserts()).as("a replay touches no profile").isEqualTo(1);
        assertThat(dispatchSignal.wakeUps())
                .as("no wake-up for a batch that queued nothing")
                .hasSize(1);
    }

    @Test
    void a_retry_with_items_added_replays_the_old_items_and_accepts_the_new_ones() {
        batch(send(item("k-0", "ada")));

        BatchOutcome retry = batch(send(item("k-new", "grace")), send(item("k-0", "ada")));

        assertThat(retry.items().get(0)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(retry.items().get(1)).isInstanceOf(BatchOutcome.Replayed.class);
        assertThat(sends.all()).hasSize(2);
    }

    @Test
    void an_item_whose_key_served_a_different_request_is_refused_alone() {
        batch(send(item("k-0", "ada")));

        BatchOutcome outcome = batch(
                send(item("k-0", "ada").fingerprint("fp-changed").subject("Changed")), send(item("k-1", "grace")));

        assertThat(errorOf(outcome.items().get(0))).isEqualTo("idempotency_key_reuse");
        assertThat(outcome.items().get(1)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(sends.all()).hasSize(2);
    }

    @Test
    void an_item_whose_key_is_held_by_a_request_in_flight_is_a_concurrent_request_and_the_others_go_on() {
        SendRequest held = item("k-held", "ada");
        idempotency.heldByRequestInFlight(ACME, held.idempotencyKey());

        BatchOutcome outcome = batch(send(held), send(item("k-1", "grace")));

        assertThat(errorOf(outcome.items().get(0))).isEqualTo("concurrent_request");
        assertThat(outcome.items().get(1)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(sends.all()).extracting(s -> s.details().idempotencyKey()).containsExactly("k-1");
        assertThat(transactions.rollbacks()).isZero();
    }

    @Test
    void an_item_that_loses_the_race_for_its_key_gets_the_winners_answer() {
        SendRequest racing = item("k-race", "ada");
        idempotency.committedFirstByAnotherRequest(
                ACME, racing.idempotencyKey(), new StoredAnswer("fp-k-race", WINNERS_ANSWER, NOW));

        BatchOutcome outcome = batch(send(racing), send(item("k-1", "grace")));

        assertThat(outcome.items().get(0)).isEqualTo(new BatchOutcome.Replayed(0, "k-race", WINNERS_ANSWER));
        assertThat(outcome.items().get(1)).isInstanceOf(BatchOutcome.Accepted.class);
        assertThat(sends.all()).extracting(s -> s.details().idempotencyKey()).containsExactly("k-1");
    }

    @Test
    void an_item_replays_the_answer_emails_send_gave_to_the_same_request() {
        SendOutcome single = service.send(item("k-0", "ada").command(), answers);

        BatchOutcome outcome = batch(send(item("k-0", "ada")));

        assertThat(outcome.items().get(0)).isEqualTo(new BatchOutcome.Replayed(0, "k-0", single.answer()));
    }

    @Test
    void items_to_the_same_recipient_share_one_profile() {
        batch(send(item("k-0", "ada")), send(item("k-1", "ada")));

        assertThat(profiles.all()).hasSize(1);
        assertThat(sends.all())
                .extracting(s -> s.details().profileId())
                .containsOnly(profiles.all().get(0).id());
    }

    @Test
    void a_batch_of_refused_items_stores_nothing_and_wakes_nobody() {
        BatchOutcome outcome = batch(
                send(item("k-0", "ada").templateId("tpl_missing")),
                new BatchItem.Malformed(null, new ValidationFailedException("idempotencyKey", "is required")));

        assertThat(outcome.rejected()).isEqualTo(2);
        assertThat(outcome.items().get(1).idempotencyKey()).isNull();
        assertThat(sends.all()).isEmpty();
        assertThat(profiles.all()).isEmpty();
        assertThat(idempotency.size()).isZero();
        assertThat(dispatchSignal.wakeUps()).isEmpty();
    }

    @Test
    void a_batch_holds_one_to_a_hundred_items() {
        List<BatchItem> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(send(item("k-" + i, "r" + i)));
        }

        Assertions.assertThatThrownBy(() -> new SendBatchCommand(ACME, tooMany))
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("items");
        Assertions.assertThatThrownBy(() -> new SendBatchCommand(ACME, List.of()))
                .isInstanceOf(ValidationFailedException.class);
    }
}
