package io.segmentflow.domain.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Which Profile a request names by email, externalId or both. */
class ProfileIdentityTest {
    private static final Instant CREATED = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final EmailAddress ADA = EmailAddress.of("ada@example.com");
    private static final EmailAddress GRACE = EmailAddress.of("grace@example.com");

    private static Profile profile(String id, EmailAddress email, String externalId) {
        return new Profile(id, ACME, email, externalId, "{\"plan\":\"pro\"}", CREATED, CREATED);
    }

    private static Optional<Profile> none() {
        return Optional.empty();
    }

    @Nested
    class Identifiers {
        @Test
        void an_identity_needs_an_email_or_an_external_id() {
            assertThatThrownBy(() -> new ProfileIdentity(null, null))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("email, an externalId or both");
        }

        @Test
        void an_external_id_is_1_to_255_characters_not_all_blank() {
            assertThat(ProfileIdentity.ofExternalId("x".repeat(255)).externalId())
                    .hasSize(255);
            assertThatThrownBy(() -> ProfileIdentity.ofExternalId("x".repeat(256)))
                    .isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).field())
                    .isEqualTo("externalId");
            assertThatThrownBy(() -> ProfileIdentity.ofExternalId("  ")).isInstanceOf(InvalidValueException.class);
        }
    }

    @Nested
    class Matching {
        @Test
        void nothing_known_creates_a_profile_with_both_identifiers() {
            ProfileIdentity identity = new ProfileIdentity(ADA, "u-1");

            assertThat(identity.match(none(), none())).isEqualTo(new ProfileMatch.Create(identity));
        }

        @Test
        void the_external_id_s_profile_without_an_email_gets_the_email() {
            Profile known = profile("pr_1", null, "u-1");

            ProfileMatch.Found found =
                    (ProfileMatch.Found) new ProfileIdentity(ADA, "u-1").match(none(), Optional.of(known));

            assertThat(found.completes()).isTrue();
            Profile completed = found.completed(NOW);
            assertThat(completed.id()).isEqualTo("pr_1");
            assertThat(completed.email()).isEqualTo(ADA);
            assertThat(completed.externalId()).isEqualTo("u-1");
            assertThat(completed.properties()).isEqualTo("{\"plan\":\"pro\"}");
            assertThat(completed.updatedAt()).isEqualTo(NOW);
        }

        @Test
        void the_email_s_profile_without_an_external_id_gets_the_external_id() {
            Profile known = profile("pr_1", ADA, null);

            ProfileMatch.Found found =
                    (ProfileMatch.Found) new ProfileIdentity(ADA, "u-1").match(Optional.of(known), none());

            assertThat(found.completed(NOW).externalId()).isEqualTo("u-1");
            assertThat(found.completed(NOW).email()).isEqualTo(ADA);
        }

        @Test
        void both_identifiers_on_the_same_profile_find_it_unchanged() {
            Profile known = profile("pr_1", ADA, "u-1");

            ProfileMatch match = new ProfileIdentity(ADA, "u-1").match(Optional.of(known), Optional.of(known));

            assertThat(((ProfileMatch.Found) match).completes()).isFalse();
            assertThat(((ProfileMatch.Found) match).completed(NOW)).isSameAs(known);
        }

        @Test
        void one_identifier_finds_its_profile_whatever_the_other_it_has() {
            Profile known = profile("pr_1", ADA, "u-1");

            assertThat(ProfileIdentity.ofEmail(ADA).match(Optional.of(known), none()))
                    .isEqualTo(new ProfileMatch.Found(known, ProfileIdentity.ofEmail(ADA)));
            assertThat(((ProfileMatch.Found) ProfileIdentity.ofExternalId("u-1").match(none(), Optional.of(known)))
                            .completed(NOW))
                    .isSameAs(known);
        }

        @Test
        void identifiers_of_two_profiles_conflict() {
            ProfileMatch match = new ProfileIdentity(ADA, "u-2")
                    .match(Optional.of(profile("pr_1", ADA, "u-1")), Optional.of(profile("pr_2", GRACE, "u-2")));

            assertThat(match).isInstanceOf(ProfileMatch.Conflict.class);
            assertThat(((ProfileMatch.Conflict) match).reason())
                    .contains("pr_1")
                    .contains("pr_2");
        }

        @Test
        void an_external_id_whose_profile_has_another_email_conflicts() {
            ProfileMatch match =
                    new ProfileIdentity(ADA, "u-2").match(none(), Optional.of(profile("pr_2", GRACE, "u-2")));

            assertThat(match).isInstanceOf(ProfileMatch.Conflict.class);
        }

        @Test
        void an_email_whose_profile_has_another_external_id_conflicts() {
            ProfileMatch match =
                    new ProfileIdentity(ADA, "u-2").match(Optional.of(profile("pr_1", ADA, "u-1")), none());

            assertThat(match).isInstanceOf(ProfileMatch.Conflict.class);
        }
    }

    @Nested
    class MatchingForASend {
        @Test
        void a_send_keeps_to_the_address_s_profile_when_the_external_id_names_another() {
            Profile adas = profile("pr_1", ADA, null);
            Profile other = profile("pr_2", GRACE, "u-2");

            ProfileMatch match = new ProfileIdentity(ADA, "u-2").matchForSend(Optional.of(adas), Optional.of(other));

            assertThat(((ProfileMatch.Found) match).completed(NOW)).isSameAs(adas);
        }

        @Test
        void a_send_to_a_new_address_whose_external_id_is_taken_creates_a_profile_with_the_address_alone() {
            ProfileMatch match =
                    new ProfileIdentity(ADA, "u-2").matchForSend(none(), Optional.of(profile("pr_2", GRACE, "u-2")));

            assertThat(match).isEqualTo(new ProfileMatch.Create(ProfileIdentity.ofEmail(ADA)));
        }

        @Test
        void a_send_gives_its_address_to_the_external_id_s_profile_that_has_none() {
            ProfileMatch match =
                    new ProfileIdentity(ADA, "u-2").matchForSend(none(), Optional.of(profile("pr_2", null, "u-2")));

            assertThat(((ProfileMatch.Found) match).completed(NOW).email()).isEqualTo(ADA);
        }
    }
}
