package io.segmentflow.application.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemorySuppressions;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.suppression.ManageSuppressionsUseCase.Added;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuppressionServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemorySuppressions suppressions = new InMemorySuppressions();
    private final FakeTransactions transactions = new FakeTransactions(suppressions);
    private final SuppressionService service = new SuppressionService(suppressions, transactions, clock);

    private static EmailAddress address(String value) {
        return EmailAddress.of(value);
    }

    private void bounced(WorkspaceId workspace, String address) {
        suppressions.add(Suppression.hardBounce(
                workspace, address(address), "550 5.1.1 no such user", "em_1", NOW.minus(Duration.ofDays(1))));
    }

    @Nested
    class Adding {
        @Test
        void a_new_address_is_listed_by_hand_now() {
            Added added = service.addManual(ACME, address("Ada@Example.com"));

            assertThat(added.alreadySuppressed()).isFalse();
            assertThat(added.suppression())
                    .isEqualTo(new Suppression(
                            ACME, address("ada@example.com"), SuppressionReason.MANUAL, null, null, NOW));
            assertThat(suppressions.find(ACME, address("ada@example.com"))).contains(added.suppression());
            assertThat(transactions.commits()).isEqualTo(1);
        }

        @Test
        void an_address_already_listed_keeps_its_first_entry_whatever_the_case() {
            bounced(ACME, "ada@example.com");

            Added again = service.addManual(ACME, address("ADA@EXAMPLE.COM"));

            assertThat(again.alreadySuppressed()).isTrue();
            assertThat(again.suppression().reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
            assertThat(again.suppression().detail()).isEqualTo("550 5.1.1 no such user");
            assertThat(again.suppression().createdAt()).isEqualTo(NOW.minus(Duration.ofDays(1)));
            assertThat(suppressions.size(ACME)).isEqualTo(1);
        }

        @Test
        void adding_twice_answers_the_first_entry_the_second_time() {
            Added first = service.addManual(ACME, address("ada@example.com"));
            clock.advance(Duration.ofMinutes(5));

            Added second = service.addManual(ACME, address("ada@example.com"));

            assertThat(second).isEqualTo(new Added(first.suppression(), true));
        }

        @Test
        void an_address_listed_in_another_workspace_is_added_anew() {
            bounced(GLOBEX, "ada@example.com");

            Added added = service.addManual(ACME, address("ada@example.com"));

            assertThat(added.alreadySuppressed()).isFalse();
            assertThat(added.suppression().reason()).isEqualTo(SuppressionReason.MANUAL);
            assertThat(suppressions
                            .find(GLOBEX, address("ada@example.com"))
                            .orElseThrow()
                            .reason())
                    .isEqualTo(SuppressionReason.HARD_BOUNCE);
        }

        @Test
        void an_address_another_request_is_adding_at_this_moment_asks_for_a_retry() {
            suppressions.addedByRequestInFlight(ACME, address("ada@example.com"));

            assertThatThrownBy(() -> service.addManual(ACME, address("Ada@example.com")))
                    .isInstanceOf(ConcurrentRequestException.class)
                    .hasMessageContaining("ada@example.com")
                    .extracting(e -> ((ApplicationException) e).code())
                    .isEqualTo("concurrent_request");
            assertThat(transactions.rollbacks()).isEqualTo(1);
        }
    }

    @Nested
    class Reading {
        @Test
        void an_entry_is_found_whatever_the_case_of_the_address() {
            bounced(ACME, "ada@example.com");

            Suppression found = service.get(ACME, address("ADA@example.COM"));

            assertThat(found.address()).isEqualTo(address("ada@example.com"));
            assertThat(found.emailSendId()).isEqualTo("em_1");
        }

        @Test
        void an_address_not_listed_is_not_found() {
            assertThatThrownBy(() -> service.get(ACME, address("ada@example.com")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("suppression ada@example.com was not found");
        }

        @Test
        void another_workspace_entry_is_not_found() {
            bounced(GLOBEX, "ada@example.com");

            assertThatThrownBy(() -> service.get(ACME, address("ada@example.com")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Listing {
        private void listed(String... addresses) {
            for (String a : addresses) {
                service.addManual(ACME, address(a));
            }
        }

        private static List<String> addresses(Page<Suppression> page) {
            return page.data().stream().map(s -> s.address().value()).toList();
        }

        @Test
        void pages_follow_one_another_in_address_order_until_the_last() {
            listed("eve@example.com", "Bob@example.com", "dan@example.com", "ada@example.com", "cy@example.com");

            Page<Suppression> first = service.list(ACME, null, 2);
            Page<Suppression> second = service.list(ACME, address(first.nextCursor()), 2);
            Page<Suppression> third = service.list(ACME, address(second.nextCursor()), 2);

            assertThat(addresses(first)).containsExactly("ada@example.com", "bob@example.com");
            assertThat(first.hasMore()).isTrue();
            assertThat(first.nextCursor()).isEqualTo("bob@example.com");
            assertThat(addresses(second)).containsExactly("cy@example.com", "dan@example.com");
            assertThat(second.hasMore()).isTrue();
            assertThat(addresses(third)).containsExactly("eve@example.com");
            assertThat(third.hasMore()).isFalse();
            assertThat(third.nextCursor()).isNull();
        }

        @Test
        void a_page_that_ends_exactly_at_the_last_entry_says_there_is_no_more() {
            listed("ada@example.com", "bob@example.com");

            Page<Suppression> page = service.list(ACME, null, 2);

            assertThat(addresses(page)).containsExactly("ada@example.com", "bob@example.com");
            assertThat(page.hasMore()).isFalse();
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void the_cursor_matches_without_regard_to_case() {
            listed("ada@example.com", "bob@example.com", "cy@example.com");

            Page<Suppression> page = service.list(ACME, address("BOB@example.com"), 10);

            assertThat(addresses(page)).containsExactly("cy@example.com");
        }

        @Test
        void only_the_callers_workspace_is_listed() {
            listed("bob@example.com");
            bounced(GLOBEX, "ada@example.com");

            assertThat(addresses(service.list(ACME, null, ManageSuppressionsUseCase.DEFAULT_LIMIT)))
                    .containsExactly("bob@example.com");
        }

        @Test
        void an_empty_list_is_one_empty_last_page() {
            Page<Suppression> page = service.list(ACME, null, ManageSuppressionsUseCase.MAX_LIMIT);

            assertThat(page).isEqualTo(new Page<Suppression>(List.of(), false, null));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE})
        void a_limit_outside_1_to_100_is_refused_without_asking_the_store(int limit) {
            assertThatThrownBy(() -> service.list(ACME, null, limit))
                    .isInstanceOf(ValidationFailedException.class)
                    .extracting(e -> ((ValidationFailedException) e).fieldErrors())
                    .asList()
                    .extracting(e -> ((FieldError) e).field())
                    .containsExactly("limit");
            assertThat(suppressions.queries()).isZero();
        }
    }

    @Nested
    class Removing {
        @Test
        void a_removed_address_is_no_longer_listed() {
            bounced(ACME, "ada@example.com");

            service.remove(ACME, address("Ada@Example.com"));

            assertThat(suppressions.find(ACME, address("ada@example.com"))).isEmpty();
            assertThat(transactions.commits()).isEqualTo(1);
        }

        @Test
        void removing_an_address_not_listed_is_not_found() {
            assertThatThrownBy(() -> service.remove(ACME, address("ada@example.com")))
                    .isInstanceOf(NotFoundException.class)
                    .extracting(e -> ((ApplicationException) e).code())
                    .isEqualTo("not_found");
        }

        @Test
        void another_workspace_entry_cannot_be_removed() {
            bounced(GLOBEX, "ada@example.com");

            assertThatThrownBy(() -> service.remove(ACME, address("ada@example.com")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(suppressions.find(GLOBEX, address("ada@example.com"))).isPresent();
        }
    }
}
