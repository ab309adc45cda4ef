package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.out.persistence.TestDatabase.Transaction;
import io.segmentflow.application.port.out.IdempotencyRecords.StoredAnswer;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The first answer to each idempotency key of a workspace, reserved atomically and kept for replay. */
@ExtendWith(TestDatabaseExtension.class)
class JpaIdempotencyRecordsTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final WorkspaceId OTHER_WORKSPACE = new WorkspaceId("ws_2");
    private static final IdempotencyKey KEY = new IdempotencyKey("order-17");
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final TestDatabase db;
    private final ExecutorService secondRequest = Executors.newSingleThreadExecutor();

    JpaIdempotencyRecordsTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void stopSecondRequest() {
        secondRequest.shutdownNow();
    }

    @Test
    void the_first_reservation_of_a_key_wins_and_a_later_one_stores_nothing() {
        // when
        boolean first = reserve(WORKSPACE, KEY, "fingerprint-a", "{\"id\":\"em_1\"}", NOW);
        boolean second = reserve(WORKSPACE, KEY, "fingerprint-b", "{\"id\":\"em_2\"}", NOW.plusSeconds(1));

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(stored(WORKSPACE, KEY))
                .contains(new StoredAnswer("fingerprint-a", new FirstAnswer(202, "{\"id\":\"em_1\"}"), NOW));
    }

    @Test
    void the_first_answer_is_kept_whole_as_the_caller_wrote_it() {
        // given: a code and a body the store has no reason to expect
        FirstAnswer answer = new FirstAnswer(299, "{ \"name\" : \"Zoë \\u00e9\" ,\n\t\"x\":[1 , 2]}  ");

        // when
        db.inTransaction(tx -> tx.idempotencyRecords().reserve(WORKSPACE, KEY, "fingerprint-a", answer, NOW));

        // then
        assertThat(stored(WORKSPACE, KEY)).map(StoredAnswer::answer).contains(answer);
    }

    @Test
    void the_same_key_in_another_workspace_is_reserved_independently() {
        // given
        reserve(WORKSPACE, KEY, "fingerprint-a", "{\"id\":\"em_1\"}", NOW);

        // when
        boolean inOtherWorkspace = reserve(OTHER_WORKSPACE, KEY, "fingerprint-b", "{\"id\":\"em_2\"}", NOW);

        // then
        assertThat(inOtherWorkspace).isTrue();
        assertThat(stored(WORKSPACE, KEY)).map(StoredAnswer::fingerprint).contains("fingerprint-a");
        assertThat(stored(OTHER_WORKSPACE, KEY)).map(StoredAnswer::fingerprint).contains("fingerprint-b");
    }

    @Test
    void a_key_never_reserved_is_not_found() {
        // given
        reserve(WORKSPACE, KEY, "fingerprint-a", "{}", NOW);

        // when
        Optional<StoredAnswer> unknown = stored(WORKSPACE, new IdempotencyKey("order-18"));

        // then
        assertThat(unknown).isEmpty();
    }

    @Test
    void purging_forgets_only_answers_recorded_before_the_cutoff() {
        // given
        Instant cutoff = NOW.minus(Duration.ofHours(24));
        reserve(WORKSPACE, new IdempotencyKey("older"), "f", "{}", cutoff.minusSeconds(1));
        reserve(WORKSPACE, new IdempotencyKey("at-the-cutoff"), "f", "{}", cutoff);
        reserve(WORKSPACE, new IdempotencyKey("recent"), "f", "{}", NOW);

        // when
        int purged = db.inTransaction(tx -> tx.idempotencyRecords().purgeRecordedBefore(cutoff));

        // then
        assertThat(purged).isEqualTo(1);
        assertThat(stored(WORKSPACE, new IdempotencyKey("older"))).isEmpty();
        assertThat(stored(WORKSPACE, new IdempotencyKey("at-the-cutoff"))).isPresent();
        assertThat(stored(WORKSPACE, new IdempotencyKey("recent"))).isPresent();
    }

    @Test
    void a_concurrent_reservation_waits_for_the_first_and_loses_when_the_first_commits() throws Exception {
        assumeTrue(db.isPostgreSql(), "only PostgreSQL makes the second insert wait; H2 reports a lock error");

        try (Transaction firstRequest = db.begin()) {
            // given: the first request holds the key, uncommitted
            assertThat(reserveIn(firstRequest, "fingerprint-a")).isTrue();

            // when
            Future<Boolean> second =
                    secondRequest.submit(() -> reserve(WORKSPACE, KEY, "fingerprint-b", "{\"id\":\"em_2\"}", NOW));

            // then: the second waits while the first is in flight, and loses once it commits
            assertThatThrownBy(() -> second.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            firstRequest.commit();
            assertThat(second.get(5, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(stored(WORKSPACE, KEY)).map(StoredAnswer::fingerprint).contains("fingerprint-a");
    }

    @Test
    void a_concurrent_reservation_waits_for_the_first_and_wins_when_the_first_rolls_back() throws Exception {
        assumeTrue(db.isPostgreSql(), "only PostgreSQL makes the second insert wait; H2 reports a lock error");

        try (Transaction firstRequest = db.begin()) {
            // given
            assertThat(reserveIn(firstRequest, "fingerprint-a")).isTrue();

            // when
            Future<Boolean> second =
                    secondRequest.submit(() -> reserve(WORKSPACE, KEY, "fingerprint-b", "{\"id\":\"em_2\"}", NOW));

            // then
            assertThatThrownBy(() -> second.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            firstRequest.rollback();
            assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stored(WORKSPACE, KEY)).map(StoredAnswer::fingerprint).contains("fingerprint-b");
    }

    // --- the language of these tests ----------------------------------------------------------------------

    /** A reservation in a transaction of its own, committed. */
    private boolean reserve(WorkspaceId workspace, IdempotencyKey key, String fingerprint, String body, Instant at) {
        return db.inTransaction(
                tx -> tx.idempotencyRecords().reserve(workspace, key, fingerprint, new FirstAnswer(202, body), at));
    }

    private static boolean reserveIn(Transaction transaction, String fingerprint) {
        return transaction
                .idempotencyRecords()
                .reserve(WORKSPACE, KEY, fingerprint, new FirstAnswer(202, "{\"id\":\"em_1\"}"), NOW);
    }

    private Optional<StoredAnswer> stored(WorkspaceId workspace, IdempotencyKey key) {
        return db.inTransaction(tx -> tx.idempotencyRecords().find(workspace, key));
    }
}
