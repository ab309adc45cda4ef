package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.acceptance.GroupedAcceptance;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.fake.DaemonThreads;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemoryIdempotencyRecords;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.application.fake.RecordingDispatchSignal;
import io.segmentflow.application.fake.TinyJsonAnswers;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredAnswer;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * emails.send requests that wait together are accepted in one group: each is answered as it would have been
 * alone, and what is stored is exactly what was accepted. The first request's transaction is held open, so the
 * requests that come meanwhile wait together and form the next group.
 */
class AcceptingTogetherTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final TemplateContent RECEIPT =
            new TemplateContent("Your receipt, ${data.name}", "<p>Thanks, ${data.name}</p>", null);
    private static final FirstAnswer WINNERS_ANSWER = new FirstAnswer(TinyJsonAnswers.CODE, "{\"id\":\"em_winner\"}");
    /** Sends to this address break the store's insert, as a violated constraint would. */
    private static final String POISON = "poison@example.com";

    private final InMemoryEmailSends sends = new InMemoryEmailSends();
    private final InMemoryTemplates templates = new InMemoryTemplates();
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final InMemoryIdempotencyRecords idempotency = new InMemoryIdempotencyRecords();
    private final FakeTransactions transactions = new FakeTransactions(sends, templates, profiles, idempotency);
    private final RecordingDispatchSignal dispatchSignal = new RecordingDispatchSignal(
            transactions::isActive, () -> sends.all().size());
    private final CountDownLatch firstHeld = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final List<Integer> groupSizes = new ArrayList<>();
    private final SendEmailService service = new SendEmailService(
            new PoisonedInserts(sends),
            templates,
            profiles,
            groups,
            idempotency,
            new FirstHeldOpen(),
            dispatchSignal,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Mailbox.parse("Segmentflow <no-reply@segmentflow.test>"),
            new GroupedAcceptance.Limits(100, Duration.ofMillis(50), Duration.ofSeconds(10), 1),
            new DaemonThreads());
    private final TinyJsonAnswers answers = new TinyJsonAnswers();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private Template receipt;

    /** Holds the first transaction open until the test lets it go. */
    private final class FirstHeldOpen implements Transactions {
        private boolean first = true;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (first) {
                first = false;
                firstHeld.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return transactions.inTransaction(work);
        }
    }

    /** The outbox, except that an insert holding a send to {@link #POISON} fails whole. */
    private final class PoisonedInserts implements EmailSends {
        private final EmailSends store;

        PoisonedInserts(EmailSends store) {
            this.store = store;
        }

        @Override
        public void add(EmailSend send) {
            addAll(List.of(send));
        }

        @Override
        public void addAll(List<EmailSend> all) {
            groupSizes.add(all.size());
            if (all.stream().anyMatch(s -> s.details().to().address().value().equals(POISON))) {
                throw new IllegalStateException("check constraint violated");
            }
            store.addAll(all);
        }

        @Override
        public Set<String> addAbsent(List<EmailSend> all) {
            return store.addAbsent(all);
        }

        @Override
        public long countOf(CarrierRef carrier) {
            return store.countOf(carrier);
        }

        @Override
        public void refreshStatistics() {
            store.refreshStatistics();
        }

        @Override
        public Optional<EmailSend> find(WorkspaceId workspaceId, String id) {
            return store.find(workspaceId, id);
        }

        @Override
        public List<EmailSend> search(
                WorkspaceId workspaceId, EmailAddress recipient, EmailSendStatus status, int limit) {
            return store.search(workspaceId, recipient, status, limit);
        }

        @Override
        public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
            return store.claimDue(now, leaseUntil, limit);
        }

        @Override
        public Set<String> recordProgress(List<Claimed> claimed, List<DeliveryAttempt> attempts) {
            return store.recordProgress(claimed, attempts);
        }

        @Override
        public List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String sendId) {
            return store.attempts(workspaceId, sendId);
        }

        @Override
        public void forgetProfile(WorkspaceId workspaceId, String profileId, Instant now) {
            store.forgetProfile(workspaceId, profileId, now);
        }
    }

    @BeforeEach
    void a_receipt_template_and_a_first_send_held_open() throws InterruptedException {
        receipt = Template.create(ACME, "Receipt", TemplateKind.TRANSACTIONAL, RECEIPT, NOW.minusSeconds(3600));
        templates.add(receipt);
        Template globexReceipt =
                Template.create(GLOBEX, "Receipt", TemplateKind.TRANSACTIONAL, RECEIPT, NOW.minusSeconds(3600));
        templates.add(globexReceipt);
        send(SendRequest.of(ACME, receipt.id()).key("first").to("first@example.com", null));
        assertThat(firstHeld.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        service.close();
        callers.shutdownNow();
    }

    private Future<SendOutcome> send(SendRequest request) {
        SendEmailCommand command = request.command();
        return callers.submit(() -> service.send(command, answers));
    }

    private SendRequest receipt(String key, String recipient) {
        return SendRequest.of(ACME, receipt.id()).key(key).to(recipient, null);
    }

    /** Lets the first transaction go once the {@code others} are waiting, so they form one group. */
    private void releaseTheFirstOnce(int others) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (service.singleSendsWaiting() < others && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(service.singleSendsWaiting()).isEqualTo(others);
        releaseFirst.countDown();
    }

    private Set<String> profileAddresses() {
        return Set.copyOf(profiles.all().stream()
                .map(Profile::email)
                .map(EmailAddress::value)
                .toList());
    }

    @Test
    void a_group_commits_the_sends_it_accepted_and_answers_the_others_as_each_would_have_been_answered_alone()
            throws Exception {
        idempotency.committedFirstByAnotherRequest(
                ACME,
                receipt("replayed", "x@example.com").idempotencyKey(),
                new StoredAnswer("fingerprint-of-request-1", WINNERS_ANSWER, NOW));
        idempotency.committedFirstByAnotherRequest(
                ACME,
                receipt("reused", "x@example.com").idempotencyKey(),
                new StoredAnswer("fingerprint-of-another-request", WINNERS_ANSWER, NOW));
        idempotency.heldByRequestInFlight(
                ACME, receipt("in-flight", "x@example.com").idempotencyKey());
        Future<SendOutcome> ada = send(receipt("ada", "ada@example.com"));
        Future<SendOutcome> replayed = send(receipt("replayed", "replay@example.com"));
        Future<SendOutcome> reused = send(receipt("reused", "reuse@example.com"));
        Future<SendOutcome> inFlight = send(receipt("in-flight", "flight@example.com"));
        Future<SendOutcome> unknown =
                send(SendRequest.of(ACME, "tpl_missing").key("unknown").to("unknown@example.com", null));
        Future<SendOutcome> grace = send(receipt("grace", "grace@example.com"));
        releaseTheFirstOnce(6);

        assertThat(ada.get(5, TimeUnit.SECONDS)).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(grace.get(5, TimeUnit.SECONDS)).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(replayed.get(5, TimeUnit.SECONDS)).isEqualTo(new SendOutcome.Replayed(WINNERS_ANSWER));
        assertThatThrownBy(() -> reused.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IdempotencyKeyReuseException.class);
        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConcurrentRequestException.class);
        assertThatThrownBy(() -> unknown.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(NotFoundException.class);

        assertThat(sends.all())
                .extracting(s -> s.details().to().address().value())
                .containsExactlyInAnyOrder("first@example.com", "ada@example.com", "grace@example.com");
        assertThat(profileAddresses())
                .as("nothing stays stored for a request that was not accepted")
                .containsExactlyInAnyOrder("first@example.com", "ada@example.com", "grace@example.com");
        assertThat(idempotency.find(ACME, receipt("unknown", "u@example.com").idempotencyKey()))
                .isEmpty();
        assertThat(groupSizes)
                .as("the first alone; the group's two accepted sends, rolled back for the others; the two again")
                .containsExactly(1, 2, 2);
    }

    @Test
    void a_send_that_breaks_the_insert_fails_alone_and_its_neighbours_are_accepted() throws Exception {
        Future<SendOutcome> ada = send(receipt("ada", "ada@example.com"));
        Future<SendOutcome> poison = send(receipt("poison", POISON));
        Future<SendOutcome> grace = send(receipt("grace", "grace@example.com"));
        releaseTheFirstOnce(3);

        assertThat(ada.get(5, TimeUnit.SECONDS)).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(grace.get(5, TimeUnit.SECONDS)).isInstanceOf(SendOutcome.Accepted.class);
        assertThatThrownBy(() -> poison.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("constraint");
        assertThat(sends.all())
                .extracting(s -> s.details().to().address().value())
                .containsExactlyInAnyOrder("first@example.com", "ada@example.com", "grace@example.com");
        assertThat(profileAddresses()).doesNotContain(POISON);
        assertThat(idempotency.find(ACME, receipt("poison", POISON).idempotencyKey()))
                .isEmpty();
    }

    @Test
    void the_same_key_twice_in_one_moment_is_accepted_once_and_the_second_gets_the_first_answer() throws Exception {
        Future<SendOutcome> one = send(receipt("same", "ada@example.com"));
        Future<SendOutcome> two = send(receipt("same", "ada@example.com"));
        releaseTheFirstOnce(2);

        // Whichever came first is accepted; the other waits for its commit and gets its answer.
        List<SendOutcome> outcomes = List.of(one.get(5, TimeUnit.SECONDS), two.get(5, TimeUnit.SECONDS));
        SendOutcome first = outcomes.stream()
                .filter(SendOutcome.Accepted.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(outcomes).containsExactlyInAnyOrder(first, new SendOutcome.Replayed(first.answer()));
        assertThat(sends.all()).hasSize(2);
    }

    @Test
    void sends_of_several_workspaces_share_a_group_and_each_lands_in_its_own() throws Exception {
        Template globexReceipt = templates.list(GLOBEX, 10).get(0);
        Future<SendOutcome> acme = send(receipt("k", "ada@example.com"));
        Future<SendOutcome> globex =
                send(SendRequest.of(GLOBEX, globexReceipt.id()).key("k").to("ada@example.com", null));
        releaseTheFirstOnce(2);

        SendOutcome.Accepted a = (SendOutcome.Accepted) acme.get(5, TimeUnit.SECONDS);
        SendOutcome.Accepted g = (SendOutcome.Accepted) globex.get(5, TimeUnit.SECONDS);
        assertThat(sends.stored(a.send().id()).workspaceId()).isEqualTo(ACME);
        assertThat(sends.stored(g.send().id()).workspaceId()).isEqualTo(GLOBEX);
        assertThat(groupSizes).as("one group, one insert per workspace").containsExactly(1, 1, 1);
        assertThat(dispatchSignal.wakeUps()).allMatch(w -> !w.insideTransaction());
    }
}
