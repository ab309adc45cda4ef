package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.port.out.IdempotencyRecords.Reservation;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredAnswer;
import io.segmentflow.application.port.out.Profiles.Recipient;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The set-wise store methods emails.batchSend (and emails.send) accept with: many rows per statement. */
@ExtendWith(TestDatabaseExtension.class)
class SetWiseAcceptTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Mailbox FROM = new Mailbox(EmailAddress.of("no-reply@acme.test"), "Acme");
    private static final TemplateContent CONTENT = new TemplateContent("Hi", "<p>Hi</p>", null);

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    SetWiseAcceptTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    @Test
    void reserving_many_keys_takes_the_free_ones_and_leaves_the_taken_ones_as_they_were() {
        // given
        db.commit(tx -> tx.idempotencyRecords()
                .reserve(workspace, key("taken"), "fp-first", new FirstAnswer(202, "{\"first\":1}"), NOW));

        // when
        Set<IdempotencyKey> reserved = db.inTransaction(tx -> tx.idempotencyRecords()
                .reserveAll(
                        workspace,
                        List.of(
                                new Reservation(key("new-b"), "fp-b", new FirstAnswer(202, "{\"b\":1}")),
                                new Reservation(key("taken"), "fp-other", new FirstAnswer(202, "{\"other\":1}")),
                                new Reservation(key("new-a"), "fp-a", new FirstAnswer(202, "{\"a\":1}"))),
                        NOW.plusSeconds(1)));

        // then
        assertThat(reserved).containsExactlyInAnyOrder(key("new-a"), key("new-b"));
        Map<IdempotencyKey, StoredAnswer> stored = db.inTransaction(tx -> tx.idempotencyRecords()
                .findAll(workspace, List.of(key("new-a"), key("new-b"), key("taken"), key("never"))));
        assertThat(stored).containsOnlyKeys(key("new-a"), key("new-b"), key("taken"));
        assertThat(stored.get(key("taken")))
                .isEqualTo(new StoredAnswer("fp-first", new FirstAnswer(202, "{\"first\":1}"), NOW));
        assertThat(stored.get(key("new-a")))
                .isEqualTo(new StoredAnswer("fp-a", new FirstAnswer(202, "{\"a\":1}"), NOW.plusSeconds(1)));
    }

    @Test
    void finding_many_keys_sees_only_the_workspace_asked_about_and_handles_more_than_one_statement_holds() {
        // given: more keys than one IN list holds
        List<Reservation> many = IntStream.range(0, 620)
                .mapToObj(i -> new Reservation(key("k-" + i), "fp-" + i, new FirstAnswer(202, "{}")))
                .toList();
        Set<IdempotencyKey> reserved =
                db.inTransaction(tx -> tx.idempotencyRecords().reserveAll(workspace, many, NOW));

        // when
        Map<IdempotencyKey, StoredAnswer> inOwn = db.inTransaction(tx -> tx.idempotencyRecords()
                .findAll(workspace, many.stream().map(Reservation::key).toList()));
        Map<IdempotencyKey, StoredAnswer> inOther = db.inTransaction(tx -> tx.idempotencyRecords()
                .findAll(otherWorkspace, many.stream().map(Reservation::key).toList()));

        // then
        assertThat(reserved).hasSize(620);
        assertThat(inOwn).hasSize(620);
        assertThat(inOwn.get(key("k-617")).fingerprint()).isEqualTo("fp-617");
        assertThat(inOther).isEmpty();
    }

    @Test
    void many_sends_are_added_in_one_go_with_every_field_kept() {
        // given: more sends than one statement holds, and not a power of two
        List<EmailSend> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = "em_batch_" + i;
            sends.add(EmailSend.accept(new EmailSendDetails(
                    id,
                    workspace,
                    "pr_" + i,
                    "tpl_1",
                    "tsn_1",
                    new Mailbox(EmailAddress.of("r" + i + "@example.test"), i % 2 == 0 ? "Reader " + i : null),
                    i % 3 == 0 ? "crm-" + i : null,
                    FROM,
                    i % 2 == 0 ? EmailAddress.of("help@acme.test") : null,
                    i % 2 == 0 ? "Subject " + i : null,
                    List.of(EmailAddress.of("cc@example.test")),
                    List.of(),
                    "{\"i\":" + i + "}",
                    null,
                    SendPriority.TRANSACTIONAL,
                    EmailSend.messageIdFor(id, FROM.address()),
                    "key-" + i,
                    NOW)));
        }

        // when
        db.commit(tx -> tx.emailSends().addAll(sends));

        // then
        for (EmailSend send : sends) {
            EmailSend stored = db.inTransaction(tx -> tx.emailSends().find(workspace, send.id()))
                    .orElseThrow();
            assertThat(stored.details()).isEqualTo(send.details());
            assertThat(stored.progress()).isEqualTo(send.progress());
        }
    }

    @Test
    void upserting_many_recipients_creates_the_new_keeps_the_known_and_records_first_external_ids() {
        // given
        Profile known = db.inTransaction(tx -> tx.profiles().upsert(workspace, email("known"), null, NOW));
        Profile elsewhere = db.inTransaction(tx -> tx.profiles().upsert(otherWorkspace, email("new"), null, NOW));

        // when
        Map<EmailAddress, Profile> profiles = db.inTransaction(tx -> tx.profiles()
                .upsertAll(
                        workspace,
                        List.of(
                                new Recipient(email("new"), null),
                                new Recipient(email("known"), "crm-known"),
                                new Recipient(email("new"), "crm-new"),
                                new Recipient(email("new"), "crm-later")),
                        NOW.plusSeconds(5)));

        // then
        assertThat(profiles).containsOnlyKeys(email("new"), email("known"));
        assertThat(profiles.get(email("known")).id()).isEqualTo(known.id());
        assertThat(profiles.get(email("known")).externalId()).isEqualTo("crm-known");
        assertThat(profiles.get(email("new")).id()).isNotEqualTo(elsewhere.id());
        assertThat(profiles.get(email("new")).externalId()).isEqualTo("crm-new");
        Optional<Profile> storedNew = db.inTransaction(
                tx -> tx.profiles().find(workspace, profiles.get(email("new")).id()));
        Optional<Profile> storedKnown = db.inTransaction(tx -> tx.profiles().find(workspace, known.id()));
        assertThat(storedNew).contains(profiles.get(email("new")));
        assertThat(storedKnown).map(Profile::externalId).contains("crm-known");
    }

    @Test
    void current_snapshot_ids_are_found_for_live_templates_of_the_workspace_only() {
        // given
        Template live = Template.create(workspace, "Live", TemplateKind.TRANSACTIONAL, CONTENT, NOW);
        Template deleted = Template.create(workspace, "Deleted", TemplateKind.TRANSACTIONAL, CONTENT, NOW);
        Template foreign = Template.create(otherWorkspace, "Foreign", TemplateKind.TRANSACTIONAL, CONTENT, NOW);
        db.commit(tx -> List.of(live, deleted, foreign).forEach(tx.templates()::add));
        db.commit(tx -> tx.templates().delete(workspace, deleted.id(), NOW));

        // when
        Map<String, String> found = db.inTransaction(tx -> tx.templates()
                .currentSnapshotIds(workspace, List.of(live.id(), deleted.id(), foreign.id(), "tpl_missing")));

        // then
        assertThat(found).containsExactly(Map.entry(live.id(), live.current().id()));
    }

    private static IdempotencyKey key(String value) {
        return new IdempotencyKey(value);
    }

    private static EmailAddress email(String local) {
        return EmailAddress.of(local + "@example.test");
    }
}
