package io.segmentflow.application.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryConsents;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.ManualClock;
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
import org.junit.jupiter.api.Test;

/** Groups are kept per workspace; a consent is recorded only for a Profile and a group of the caller's workspace. */
class SubscriptionGroupServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final InMemoryConsents consents = new InMemoryConsents();
    private final FakeTransactions transactions = new FakeTransactions(profiles, groups, consents);
    private final SubscriptionGroupService service =
            new SubscriptionGroupService(groups, consents, profiles, transactions, clock);

    @Test
    void a_consent_set_through_the_api_is_recorded_with_its_source_and_time_and_replaces_the_one_before() {
        SubscriptionGroup news = service.create(ACME, "Product news", null, true);
        Profile ada = profiles.upsert(ACME, EmailAddress.of("ada@example.test"), null, NOW);
        service.setConsent(ACME, ada.id(), news.id(), ConsentStatus.SUBSCRIBED);
        clock.advance(Duration.ofHours(1));

        Consent later = service.setConsent(ACME, ada.id(), news.id(), ConsentStatus.UNSUBSCRIBED);

        assertThat(later)
                .isEqualTo(new Consent(
                        ACME,
                        ada.id(),
                        news.id(),
                        ConsentStatus.UNSUBSCRIBED,
                        ConsentSource.API,
                        NOW.plusSeconds(3600)));
        assertThat(service.consentsOf(ACME, ada.id())).containsExactly(later);
        assertThat(service.consentsOf(ACME, List.of(ada.id(), "pr_none"))).containsOnlyKeys(ada.id());
    }

    @Test
    void a_consent_for_another_workspace_s_profile_or_group_is_not_found_and_not_recorded() {
        SubscriptionGroup ours = service.create(ACME, "Ours", null, false);
        SubscriptionGroup theirs = service.create(GLOBEX, "Theirs", null, false);
        Profile ada = profiles.upsert(ACME, EmailAddress.of("ada@example.test"), null, NOW);
        Profile bob = profiles.upsert(GLOBEX, EmailAddress.of("bob@example.test"), null, NOW);

        assertThatThrownBy(() -> service.setConsent(ACME, ada.id(), theirs.id(), ConsentStatus.SUBSCRIBED))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.setConsent(ACME, bob.id(), ours.id(), ConsentStatus.SUBSCRIBED))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.consentsOf(ACME, bob.id())).isInstanceOf(NotFoundException.class);
        assertThat(consents.of(ACME, ada.id())).isEmpty();
        assertThat(consents.of(GLOBEX, bob.id())).isEmpty();
    }

    @Test
    void a_deleted_group_takes_no_more_consents_and_is_gone_for_the_api() {
        SubscriptionGroup news = service.create(ACME, "Product news", null, true);
        Profile ada = profiles.upsert(ACME, EmailAddress.of("ada@example.test"), null, NOW);

        service.delete(ACME, news.id());

        assertThatThrownBy(() -> service.get(ACME, news.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.setConsent(ACME, ada.id(), news.id(), ConsentStatus.SUBSCRIBED))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(ACME, news.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_group_with_a_blank_name_is_refused_as_invalid_input() {
        assertThatThrownBy(() -> service.create(ACME, " ", null, true))
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("name");
        assertThat(service.list(ACME, null, 10).data()).isEmpty();
    }
}
