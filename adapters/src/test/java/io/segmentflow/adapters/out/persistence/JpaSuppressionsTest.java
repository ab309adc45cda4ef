package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.adapters.out.persistence.TestDatabase.Transaction;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The suppression list: one entry per address per workspace, the first one kept, matched without regard to case. */
@ExtendWith(TestDatabaseExtension.class)
class JpaSuppressionsTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final EmailAddress ADA = EmailAddress.of("ada@example.test");

    private final TestDatabase db;
    private final ExecutorService secondRequest = Executors.newSingleThreadExecutor();
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaSuppressionsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    @AfterEach
    void stopSecondRequest() {
        secondRequest.shutdownNow();
    }

    @Test
    void an_added_entry_is_found_as_it_was_added() {
        // given
        Suppression bounce = Suppression.hardBounce(
                workspace, ADA, "550 5.1.1 <ada@example.test>: no such user", "em_01jabcdefghjkmnpqrstvwxyz0", NOW);

        // when
        boolean added = add(bounce);

        // then
        assertThat(added).isTrue();
        assertThat(find(workspace, ADA)).contains(bounce);
    }

    @Test
    void a_manual_entry_without_detail_or_send_round_trips() {
        // given
        Suppression manual = Suppression.manual(workspace, ADA, NOW);

        // when
        add(manual);

        // then
        assertThat(find(workspace, ADA)).contains(manual);
    }

    @Test
    void an_address_is_found_whatever_the_case_it_was_added_or_asked_in() {
        // given
        add(Suppression.manual(workspace, EmailAddress.of("Ada.Lovelace@Example.TEST"), NOW));

        // when
        Optional<Suppression> found = find(workspace, EmailAddress.of("ADA.LOVELACE@example.test"));

        // then
        assertThat(found).map(Suppression::address).contains(EmailAddress.of("ada.lovelace@example.test"));
    }

    @Test
    void the_first_entry_of_an_address_is_kept() {
        // given
        Suppression first = Suppression.hardBounce(workspace, ADA, "550 first", "em_1", NOW);
        add(first);

        // when
        boolean again = add(Suppression.manual(workspace, EmailAddress.of("ADA@example.test"), NOW.plusSeconds(60)));

        // then
        assertThat(again).isFalse();
        assertThat(find(workspace, ADA)).contains(first);
    }

    @Test
    void the_same_address_is_listed_independently_per_workspace() {
        // given
        add(Suppression.manual(workspace, ADA, NOW));

        // when
        boolean inOther = add(Suppression.hardBounce(otherWorkspace, ADA, "550", "em_2", NOW));

        // then
        assertThat(inOther).isTrue();
        assertThat(find(workspace, ADA)).map(Suppression::reason).contains(SuppressionReason.MANUAL);
        assertThat(find(otherWorkspace, ADA)).map(Suppression::reason).contains(SuppressionReason.HARD_BOUNCE);
    }

    @Test
    void an_entry_for_a_workspace_that_does_not_exist_is_refused() {
        assertThatThrownBy(() -> add(Suppression.manual(new WorkspaceId("ws_nowhere"), ADA, NOW)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void among_many_addresses_the_listed_ones_come_back_as_they_were_given() {
        // given
        add(Suppression.manual(workspace, EmailAddress.of("ada@example.test"), NOW));
        add(Suppression.hardBounce(workspace, EmailAddress.of("bob@example.test"), "550 5.1.1 gone", "em_1", NOW));
        add(Suppression.manual(otherWorkspace, EmailAddress.of("cy@example.test"), NOW));
        List<EmailAddress> recipients = List.of(
                EmailAddress.of("Ada@Example.test"),
                EmailAddress.of("ada@example.test"),
                EmailAddress.of("cy@example.test"),
                EmailAddress.of("dan@example.test"),
                EmailAddress.of("BOB@example.test"));

        // when
        Map<EmailAddress, SuppressionReason> suppressed =
                db.inTransaction(tx -> tx.suppressions().suppressedAmong(workspace, recipients));

        // then: each with the reason it is listed for
        assertThat(suppressed)
                .containsOnly(
                        Map.entry(EmailAddress.of("Ada@Example.test"), SuppressionReason.MANUAL),
                        Map.entry(EmailAddress.of("ada@example.test"), SuppressionReason.MANUAL),
                        Map.entry(EmailAddress.of("BOB@example.test"), SuppressionReason.HARD_BOUNCE));
    }

    @Test
    void among_no_addresses_none_are_suppressed() {
        add(Suppression.manual(workspace, ADA, NOW));

        Map<EmailAddress, SuppressionReason> suppressed =
                db.inTransaction(tx -> tx.suppressions().suppressedAmong(workspace, List.of()));

        assertThat(suppressed).isEmpty();
    }

    @Test
    void among_more_addresses_than_one_query_takes_every_listed_one_is_found() {
        // given: listed addresses at both ends of a long list
        List<EmailAddress> recipients = new ArrayList<>();
        for (int i = 0; i < JpaSuppressions.ADDRESSES_PER_QUERY * 2 + 10; i++) {
            recipients.add(EmailAddress.of("r" + i + "@example.test"));
        }
        EmailAddress firstListed = recipients.get(0);
        EmailAddress lastListed = recipients.get(recipients.size() - 1);
        add(Suppression.manual(workspace, firstListed, NOW));
        add(Suppression.manual(workspace, lastListed, NOW));

        // when
        Map<EmailAddress, SuppressionReason> suppressed =
                db.inTransaction(tx -> tx.suppressions().suppressedAmong(workspace, recipients));

        // then
        assertThat(suppressed.keySet()).containsExactlyInAnyOrder(firstListed, lastListed);
    }

    @Test
    void pages_follow_one_another_in_address_order() {
        // given
        for (String name : List.of("eve", "bob", "dan", "ada", "cy")) {
            add(Suppression.manual(workspace, EmailAddress.of(name + "@example.test"), NOW));
        }
        add(Suppression.manual(otherWorkspace, EmailAddress.of("abe@example.test"), NOW));

        // when
        List<String> first = list(workspace, null, 2);
        List<String> second = list(workspace, first.get(1), 2);
        List<String> third = list(workspace, second.get(1), 2);

        // then
        assertThat(first).containsExactly("ada@example.test", "bob@example.test");
        assertThat(second).containsExactly("cy@example.test", "dan@example.test");
        assertThat(third).containsExactly("eve@example.test");
        assertThat(list(workspace, "eve@example.test", 2)).isEmpty();
    }

    @Test
    void a_removed_address_is_gone_and_removing_it_again_finds_nothing() {
        // given
        add(Suppression.manual(workspace, ADA, NOW));
        add(Suppression.manual(otherWorkspace, ADA, NOW));

        // when
        boolean removed =
                db.inTransaction(tx -> tx.suppressions().remove(workspace, EmailAddress.of("ADA@example.test")));
        boolean again = db.inTransaction(tx -> tx.suppressions().remove(workspace, ADA));

        // then
        assertThat(removed).isTrue();
        assertThat(again).isFalse();
        assertThat(find(workspace, ADA)).isEmpty();
        assertThat(find(otherWorkspace, ADA)).isPresent();
    }

    @Test
    void a_concurrent_add_waits_for_the_first_and_keeps_the_first_entry() throws Exception {
        Suppression first = Suppression.hardBounce(workspace, ADA, "550 first", "em_1", NOW);

        try (Transaction firstBounce = db.begin()) {
            // given: the first bounce has added the address, uncommitted
            assertThat(firstBounce.suppressions().add(first)).isTrue();

            // when
            Future<Boolean> second = secondRequest.submit(() ->
                    add(Suppression.hardBounce(workspace, ADA, "550 second", "em_2", NOW.plus(Duration.ofMillis(5)))));

            // then: the second waits while the first is in flight, and adds nothing once it commits
            assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            firstBounce.commit();
            assertThat(second.get(5, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(find(workspace, ADA)).contains(first);
    }

    // --- the language of these tests ----------------------------------------------------------------------

    /** An add in a transaction of its own, committed. */
    private boolean add(Suppression suppression) {
        return db.inTransaction(tx -> tx.suppressions().add(suppression));
    }

    private Optional<Suppression> find(WorkspaceId in, EmailAddress address) {
        return db.inTransaction(tx -> tx.suppressions().find(in, address));
    }

    private List<String> list(WorkspaceId in, String after, int limit) {
        return db.inTransaction(tx -> tx.suppressions().list(in, after, limit)).stream()
                .map(s -> s.address().value())
                .toList();
    }
}
