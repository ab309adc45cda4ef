package io.segmentflow.application.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ProfileConflictException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemoryJourneyRuns;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemoryUserEvents;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.PlainStateDocuments;
import io.segmentflow.application.profile.ManageProfilesUseCase.ProfileChange;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final EmailAddress ADA = EmailAddress.of("ada@example.com");
    private static final EmailAddress GRACE = EmailAddress.of("grace@example.com");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemoryEmailSends sends = new InMemoryEmailSends();
    private final PlainStateDocuments documents = new PlainStateDocuments();
    private final InMemoryJourneyRuns runs = new InMemoryJourneyRuns();
    private final InMemoryUserEvents events = new InMemoryUserEvents();
    private final FakeTransactions transactions = new FakeTransactions(profiles, sends, runs, events);
    private final ProfileService service =
            new ProfileService(profiles, sends, runs, events, documents, transactions, clock);

    private Map<String, Object> propertiesOf(Profile profile) {
        return documents.read(
                profiles.find(profile.workspaceId(), profile.id()).orElseThrow().properties());
    }

    private static List<String> fieldsOf(Throwable refusal) {
        return ((ApplicationException) refusal)
                .fieldErrors().stream().map(FieldError::field).toList();
    }

    @Nested
    class Upserting {
        @Test
        void a_new_identity_creates_a_profile_with_its_properties() {
            Profile created = service.upsert(ACME, new ProfileIdentity(ADA, "u-1"), "{\"plan\":\"pro\",\"seats\":3}");

            assertThat(created.id()).startsWith("pr_");
            assertThat(created.email()).isEqualTo(ADA);
            assertThat(created.externalId()).isEqualTo("u-1");
            assertThat(created.createdAt()).isEqualTo(NOW);
            assertThat(propertiesOf(created)).isEqualTo(Map.of("plan", "pro", "seats", new BigDecimal(3)));
            assertThat(transactions.commits()).isEqualTo(1);
        }

        @Test
        void a_profile_known_only_by_external_id_is_created_without_an_email() {
            Profile created = service.upsert(ACME, ProfileIdentity.ofExternalId("u-1"), null);

            assertThat(created.email()).isNull();
            assertThat(service.findByExternalId(ACME, "u-1")).contains(created);
        }

        @Test
        void later_upserts_merge_properties_at_the_top_level_and_null_removes_a_key() {
            Profile created = service.upsert(
                    ACME,
                    ProfileIdentity.ofEmail(ADA),
                    "{\"plan\":\"free\",\"address\":{\"city\":\"Paris\"},\"age\":30}");
            clock.advance(Duration.ofMinutes(1));

            Profile updated = service.upsert(
                    ACME,
                    ProfileIdentity.ofEmail(ADA),
                    "{\"plan\":\"pro\",\"address\":{\"zip\":\"69001\"},\"age\":null}");

            assertThat(updated.id()).isEqualTo(created.id());
            assertThat(updated.updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
            assertThat(propertiesOf(updated)).isEqualTo(Map.of("plan", "pro", "address", Map.of("zip", "69001")));
        }

        @Test
        void an_email_given_later_is_attached_to_the_external_id_s_profile() {
            Profile known = service.upsert(ACME, ProfileIdentity.ofExternalId("u-1"), null);

            Profile found = service.upsert(ACME, new ProfileIdentity(ADA, "u-1"), null);

            assertThat(found.id()).isEqualTo(known.id());
            assertThat(service.findByEmail(ACME, ADA)).contains(found);
            assertThat(profiles.all()).hasSize(1);
        }

        @Test
        void identifiers_of_two_profiles_are_refused_and_nothing_changes() {
            service.upsert(ACME, ProfileIdentity.ofEmail(ADA), "{\"plan\":\"free\"}");
            service.upsert(ACME, new ProfileIdentity(GRACE, "u-2"), null);
            List<Profile> before = profiles.all();

            assertThatThrownBy(() -> service.upsert(ACME, new ProfileIdentity(ADA, "u-2"), "{\"plan\":\"pro\"}"))
                    .isInstanceOf(ProfileConflictException.class)
                    .extracting(e -> ((ApplicationException) e).code())
                    .isEqualTo("profile_conflict");
            assertThat(profiles.all()).isEqualTo(before);
            assertThat(transactions.rollbacks()).isEqualTo(1);
        }

        @Test
        void a_profile_another_request_created_meanwhile_is_matched_instead_of_duplicated() {
            Profile theirs = Profile.create(Identifier.next("pr", NOW), ACME, ProfileIdentity.ofEmail(ADA), NOW);
            profiles.addedByRequestInFlight(theirs);

            Profile found = service.upsert(ACME, new ProfileIdentity(ADA, "u-1"), "{\"plan\":\"pro\"}");

            assertThat(found.id()).isEqualTo(theirs.id());
            assertThat(found.externalId()).isEqualTo("u-1");
            assertThat(propertiesOf(found)).isEqualTo(Map.of("plan", "pro"));
            assertThat(profiles.all()).hasSize(1);
        }

        @Test
        void the_same_identifiers_in_another_workspace_are_another_profile() {
            Profile acme = service.upsert(ACME, new ProfileIdentity(ADA, "u-1"), null);

            Profile globex = service.upsert(GLOBEX, new ProfileIdentity(ADA, "u-1"), null);

            assertThat(globex.id()).isNotEqualTo(acme.id());
        }

        @Test
        void a_patch_breaking_the_rules_is_refused_with_every_problem_under_profile_properties() {
            assertThatThrownBy(() -> service.upsert(
                            ACME, ProfileIdentity.ofEmail(ADA), "{\"first name\":\"Ada\",\"ok\":{\"a.b\":1}}"))
                    .isInstanceOf(ValidationFailedException.class)
                    .satisfies(e -> assertThat(fieldsOf(e))
                            .containsExactly("profile.properties.first name", "profile.properties.ok.a.b"));
            assertThat(profiles.all()).isEmpty();
            assertThat(transactions.commits()).isZero();
        }
    }

    @Nested
    class Editing {
        @Test
        void properties_are_merged_and_identifiers_changed_by_id() {
            Profile profile = service.upsert(ACME, ProfileIdentity.ofEmail(ADA), "{\"plan\":\"free\",\"age\":30}");
            clock.advance(Duration.ofSeconds(5));

            Profile changed = service.update(
                    ACME, profile.id(), new ProfileChange(GRACE, "u-9", "{\"plan\":\"pro\",\"age\":null}"));

            assertThat(changed.email()).isEqualTo(GRACE);
            assertThat(changed.externalId()).isEqualTo("u-9");
            assertThat(changed.updatedAt()).isEqualTo(NOW.plusSeconds(5));
            assertThat(propertiesOf(changed)).isEqualTo(Map.of("plan", "pro"));
            assertThat(service.findByEmail(ACME, ADA)).isEmpty();
        }

        @Test
        void an_email_another_profile_holds_is_refused() {
            Profile ada = service.upsert(ACME, ProfileIdentity.ofEmail(ADA), null);
            Profile grace = service.upsert(ACME, ProfileIdentity.ofEmail(GRACE), null);

            assertThatThrownBy(() -> service.update(ACME, ada.id(), new ProfileChange(GRACE, null, null)))
                    .isInstanceOf(ProfileConflictException.class)
                    .hasMessageContaining(grace.id());
        }

        @Test
        void an_external_id_another_profile_holds_is_refused_but_its_own_is_fine() {
            Profile ada = service.upsert(ACME, new ProfileIdentity(ADA, "u-1"), null);
            service.upsert(ACME, new ProfileIdentity(GRACE, "u-2"), null);

            assertThatThrownBy(() -> service.update(ACME, ada.id(), new ProfileChange(null, "u-2", null)))
                    .isInstanceOf(ProfileConflictException.class);
            assertThat(service.update(ACME, ada.id(), new ProfileChange(ADA, "u-1", null))
                            .externalId())
                    .isEqualTo("u-1");
        }

        @Test
        void properties_over_the_size_limit_are_refused_and_the_old_ones_kept() {
            Profile profile =
                    service.upsert(ACME, ProfileIdentity.ofEmail(ADA), "{\"a\":\"" + "x".repeat(40_000) + "\"}");

            assertThatThrownBy(() -> service.update(
                            ACME,
                            profile.id(),
                            new ProfileChange(null, null, "{\"b\":\"" + "y".repeat(40_000) + "\"}")))
                    .isInstanceOf(io.segmentflow.domain.shared.InvalidValueException.class)
                    .hasMessageContaining("65536");
            assertThat(propertiesOf(profile)).containsOnlyKeys("a");
        }

        @Test
        void another_workspace_s_profile_is_not_found() {
            Profile globex = service.upsert(GLOBEX, ProfileIdentity.ofEmail(ADA), "{\"plan\":\"pro\"}");

            assertThatThrownBy(
                            () -> service.update(ACME, globex.id(), new ProfileChange(null, null, "{\"plan\":null}")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> service.get(ACME, globex.id())).isInstanceOf(NotFoundException.class);
            assertThat(propertiesOf(globex)).containsEntry("plan", "pro");
        }
    }

    @Nested
    class Listing {
        @Test
        void pages_follow_one_another_in_id_order_with_opaque_cursors() {
            for (int i = 0; i < 5; i++) {
                service.upsert(ACME, ProfileIdentity.ofExternalId("u-" + i), null);
            }
            service.upsert(GLOBEX, ProfileIdentity.ofExternalId("g"), null);

            Page<Profile> first = service.list(ACME, null, 2);
            Page<Profile> second = service.list(ACME, first.nextCursor(), 2);
            Page<Profile> third = service.list(ACME, second.nextCursor(), 2);

            assertThat(first.data()).extracting(Profile::externalId).containsExactly("u-0", "u-1");
            assertThat(first.hasMore()).isTrue();
            assertThat(first.nextCursor()).doesNotContain("pr_");
            assertThat(second.data()).extracting(Profile::externalId).containsExactly("u-2", "u-3");
            assertThat(third.data()).extracting(Profile::externalId).containsExactly("u-4");
            assertThat(third.hasMore()).isFalse();
            assertThat(third.nextCursor()).isNull();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 101})
        void a_limit_outside_1_to_100_is_refused(int limit) {
            assertThatThrownBy(() -> service.list(ACME, null, limit))
                    .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("limit"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"%%%", "", "bm90IGFuIGlkIQ", "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE"})
        void a_cursor_no_page_gave_is_refused(String cursor) {
            assertThatThrownBy(() -> service.list(ACME, cursor, 10))
                    .satisfies(e -> assertThat(fieldsOf(e)).containsExactly("cursor"));
        }
    }

    @Nested
    class Erasing {
        private EmailSend sendTo(Profile profile) {
            String id = Identifier.next("em", clock.instant());
            Mailbox from = Mailbox.parse("Acme <hello@acme.com>");
            EmailSend send = EmailSend.accept(new EmailSendDetails(
                    id,
                    profile.workspaceId(),
                    profile.id(),
                    "tpl_1",
                    "tsn_1",
                    new Mailbox(profile.email(), "Ada Lovelace"),
                    "u-1",
                    from,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    "{\"code\":\"493021\"}",
                    null,
                    null,
                    EmailSend.messageIdFor(id, from.address()),
                    "key-" + id,
                    clock.instant()));
            sends.add(send);
            return send;
        }

        @Test
        void erasure_removes_the_profile_and_leaves_its_sends_the_address_without_data() {
            Profile ada = service.upsert(ACME, new ProfileIdentity(ADA, "u-1"), "{\"plan\":\"pro\"}");
            EmailSend send = sendTo(ada);

            service.erase(ACME, ada.id());

            assertThat(profiles.all()).isEmpty();
            EmailSendDetails kept = sends.stored(send.id()).details();
            assertThat(kept.to().address()).isEqualTo(ADA);
            assertThat(kept.to().displayName()).isNull();
            assertThat(kept.toExternalId()).isNull();
            assertThat(kept.data()).isEqualTo("{}");
            assertThat(kept.profileId()).isNull();
            assertThat(kept.messageId()).isEqualTo(send.details().messageId());
        }

        @Test
        void another_profile_s_sends_are_left_as_they_are() {
            Profile ada = service.upsert(ACME, ProfileIdentity.ofEmail(ADA), null);
            Profile grace = service.upsert(ACME, ProfileIdentity.ofEmail(GRACE), null);
            EmailSend gracesSend = sendTo(grace);

            service.erase(ACME, ada.id());

            assertThat(sends.stored(gracesSend.id()).details()).isEqualTo(gracesSend.details());
            assertThat(profiles.all()).containsExactly(grace);
        }

        @Test
        void another_workspace_s_profile_cannot_be_erased() {
            Profile globex = service.upsert(GLOBEX, ProfileIdentity.ofEmail(ADA), null);
            EmailSend send = sendTo(globex);

            assertThatThrownBy(() -> service.erase(ACME, globex.id())).isInstanceOf(NotFoundException.class);
            assertThat(profiles.all()).containsExactly(globex);
            assertThat(sends.stored(send.id()).details().data()).isEqualTo("{\"code\":\"493021\"}");
        }

        @Test
        void the_address_of_an_erased_profile_gets_a_new_profile_on_its_next_send() {
            Profile ada = service.upsert(ACME, ProfileIdentity.ofEmail(ADA), "{\"plan\":\"pro\"}");
            service.erase(ACME, ada.id());

            Profile again = profiles.upsert(ACME, ADA, null, clock.instant());

            assertThat(again.id()).isNotEqualTo(ada.id());
            assertThat(again.properties()).isEqualTo("{}");
        }
    }
}
