package io.segmentflow.application.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.audience.UnsubscribeUseCase.Subject;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryConsents;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.PlainUnsubscribeLinks;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A genuine link unsubscribes its Profile from its group on POST only; anything else changes nothing. */
class UnsubscribeServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final InMemoryConsents consents = new InMemoryConsents();
    private final FakeTransactions transactions = new FakeTransactions(profiles, groups, consents);
    private final UnsubscribeService service =
            new UnsubscribeService(new PlainUnsubscribeLinks(), groups, profiles, consents, transactions, clock);

    private SubscriptionGroup news;
    private Profile ada;

    @BeforeEach
    void a_subscribed_profile() {
        news = SubscriptionGroup.create(ACME, "Product news", null, true, NOW);
        groups.add(news);
        ada = profiles.upsert(ACME, EmailAddress.of("ada@example.test"), null, NOW);
        consents.set(new Consent(ACME, ada.id(), news.id(), ConsentStatus.SUBSCRIBED, ConsentSource.API, NOW));
    }

    @Test
    void looking_at_a_link_names_the_group_and_changes_nothing() {
        Optional<Subject> subject = service.look(PlainUnsubscribeLinks.token(ada.id(), news.id()));

        assertThat(subject).contains(new Subject("Product news", false));
        assertThat(statusOfAda()).isEqualTo(ConsentStatus.SUBSCRIBED);
    }

    @Test
    void confirming_unsubscribes_the_profile_from_the_group_through_the_link() {
        clock.advance(Duration.ofMinutes(5));

        Optional<Subject> subject = service.unsubscribe(PlainUnsubscribeLinks.token(ada.id(), news.id()));

        assertThat(subject).contains(new Subject("Product news", true));
        assertThat(consents.of(ACME, ada.id()))
                .containsExactly(new Consent(
                        ACME,
                        ada.id(),
                        news.id(),
                        ConsentStatus.UNSUBSCRIBED,
                        ConsentSource.UNSUBSCRIBE_LINK,
                        NOW.plus(Duration.ofMinutes(5))));
    }

    @Test
    void confirming_again_keeps_the_first_unsubscribe() {
        String token = PlainUnsubscribeLinks.token(ada.id(), news.id());
        service.unsubscribe(token);
        clock.advance(Duration.ofDays(1));

        assertThat(service.unsubscribe(token)).contains(new Subject("Product news", true));
        assertThat(consents.of(ACME, ada.id()))
                .singleElement()
                .extracting(Consent::changedAt)
                .isEqualTo(NOW);
    }

    @Test
    void a_token_that_is_not_genuine_changes_nothing() {
        assertThat(service.unsubscribe(ada.id() + "." + news.id() + ".forged")).isEmpty();
        assertThat(service.unsubscribe("")).isEmpty();
        assertThat(service.unsubscribe("x".repeat(500))).isEmpty();
        assertThat(statusOfAda()).isEqualTo(ConsentStatus.SUBSCRIBED);
    }

    @Test
    void a_genuine_token_that_pairs_a_profile_with_another_workspace_s_group_names_nothing() {
        SubscriptionGroup theirs = SubscriptionGroup.create(GLOBEX, "Their news", null, false, NOW);
        groups.add(theirs);

        assertThat(service.look(PlainUnsubscribeLinks.token(ada.id(), theirs.id())))
                .isEmpty();
        assertThat(service.unsubscribe(PlainUnsubscribeLinks.token(ada.id(), theirs.id())))
                .isEmpty();
        assertThat(consents.of(ACME, ada.id())).hasSize(1);
        assertThat(consents.of(GLOBEX, ada.id())).isEmpty();
    }

    @Test
    void a_link_of_an_erased_profile_names_nothing() {
        profiles.remove(ACME, ada.id());

        assertThat(service.unsubscribe(PlainUnsubscribeLinks.token(ada.id(), news.id())))
                .isEmpty();
    }

    @Test
    void a_link_keeps_working_after_its_group_is_deleted() {
        groups.remove(ACME, news.id(), NOW);

        assertThat(service.unsubscribe(PlainUnsubscribeLinks.token(ada.id(), news.id())))
                .contains(new Subject("Product news", true));
    }

    private ConsentStatus statusOfAda() {
        return consents.statusesOf(ACME, news.id(), List.of(ada.id())).get(ada.id());
    }
}
