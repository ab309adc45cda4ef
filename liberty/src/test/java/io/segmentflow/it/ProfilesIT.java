package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.ApiKeyRequest;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.Profile;
import io.segmentflow.it.client.model.ProfilePage;
import io.segmentflow.it.client.model.ProfileUpdate;
import io.segmentflow.it.client.model.Recipient;
import io.segmentflow.it.client.model.Scope;
import io.segmentflow.it.client.model.SendEmailRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Profiles through the API: the ones emails.send creates, looked up by email or externalId, listed a page at a
 * time, edited, erased; never seen from another workspace.
 */
class ProfilesIT {
    private static final Client api = Client.withBootstrapKey();
    private static final String DB_URL = System.getenv("SEGMENTFLOW_DB_URL");
    private static final String TEMPLATE =
            api.createTemplate("Hi [[${profile.plan}]]", "<p th:text=\"${data.code}\">code</p>", "[[${data.code}]]");

    private static EmailSend send(Client client, String templateId, Recipient to, Map<String, Object> data) {
        return call(() -> client.emails.emailsSend(
                Api.newIdempotencyKey(),
                new SendEmailRequest().templateId(templateId).to(to).data(data)));
    }

    /** A Profile made the way most are: by a send to a new address. */
    private static Profile profileBySend(Client client, String templateId, String externalId) {
        String address = Api.newRecipient();
        send(client, templateId, new Recipient().email(address).externalId(externalId), Map.of());
        return onlyOne(call(() -> client.profiles.profilesList(address, null, null, null)));
    }

    private static Profile onlyOne(ProfilePage page) {
        assertThat(page.getData()).hasSize(1);
        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getNextCursor()).isNull();
        return page.getData().get(0);
    }

    private static String newExternalId() {
        return "crm-" + UUID.randomUUID();
    }

    private static Profile patch(Client client, String id, ProfileUpdate update) {
        return call(() -> client.profiles.profilesUpdate(id, update));
    }

    private static ProfileUpdate properties(Map<String, Object> properties) {
        return new ProfileUpdate().properties(properties);
    }

    @Test
    void emails_send_links_its_send_to_the_profile_found_by_email_and_by_external_id() {
        String address = Api.newRecipient();
        String externalId = newExternalId();

        EmailSend accepted = send(api, TEMPLATE, new Recipient().email(address).externalId(externalId), Map.of());

        Profile byEmail = onlyOne(call(() -> api.profiles.profilesList(address, null, null, null)));
        Profile byExternalId = onlyOne(call(() -> api.profiles.profilesList(null, externalId, null, null)));
        assertThat(accepted.getProfileId()).isEqualTo(byEmail.getId()).startsWith("pr_");
        assertThat(call(() -> api.emails.emailsGet(accepted.getId())).getProfileId())
                .isEqualTo(byEmail.getId());
        assertThat(byExternalId).isEqualTo(byEmail);
        assertThat(byEmail.getObject()).isEqualTo(Profile.ObjectEnum.PROFILE);
        assertThat(byEmail.getEmail()).isEqualTo(address);
        assertThat(byEmail.getExternalId()).isEqualTo(externalId);
        assertThat(byEmail.getProperties()).isEmpty();
        assertThat(byEmail.getCreatedAt()).isNotNull();
        assertThat(call(() -> api.profiles.profilesGet(byEmail.getId()))).isEqualTo(byEmail);

        EmailSend again = send(api, TEMPLATE, new Recipient().email(address), Map.of());
        assertThat(again.getProfileId()).as("a later send to the address").isEqualTo(byEmail.getId());
    }

    @Test
    void a_look_up_of_an_unknown_email_or_external_id_is_an_empty_list() {
        ProfilePage none = call(() -> api.profiles.profilesList(Api.newRecipient(), null, null, null));
        ProfilePage noId = call(() -> api.profiles.profilesList(null, newExternalId(), null, null));

        assertThat(none.getData()).isEmpty();
        assertThat(none.getHasMore()).isFalse();
        assertThat(noId.getData()).isEmpty();
    }

    @Test
    void properties_are_merged_at_the_top_level_a_null_removes_a_key_and_values_are_data() {
        Profile profile = profileBySend(api, TEMPLATE, null);
        String expression = "${T(java.lang.Runtime).getRuntime().exec('id')} __${x}__ [[${data.code}]] <b>x</b>";

        Profile first = patch(
                api,
                profile.getId(),
                properties(Map.of("plan", "pro", "address", Map.of("city", "Paris"), "note", expression, "seats", 3)));
        Map<String, Object> second = new HashMap<>();
        second.put("seats", null);
        second.put("address", Map.of("zip", "69001"));
        second.put("vip", true);
        Profile merged = patch(api, profile.getId(), properties(second));

        assertThat(first.getProperties()).containsEntry("plan", "pro").containsEntry("note", expression);
        assertThat(merged.getProperties())
                .isEqualTo(Map.of("plan", "pro", "address", Map.of("zip", "69001"), "note", expression, "vip", true));
        assertThat(merged.getUpdatedAt()).isAfterOrEqualTo(first.getUpdatedAt());
        assertThat(call(() -> api.profiles.profilesGet(profile.getId())).getProperties())
                .isEqualTo(merged.getProperties());
    }

    @Test
    void a_profile_s_email_and_external_id_change_unless_another_profile_holds_them() {
        Profile ada = profileBySend(api, TEMPLATE, null);
        Profile grace = profileBySend(api, TEMPLATE, newExternalId());
        String newAddress = Api.newRecipient();
        String newId = newExternalId();

        Profile changed =
                patch(api, ada.getId(), new ProfileUpdate().email(newAddress).externalId(newId));
        Client.Refusal taken = refusal(
                () -> api.profiles.profilesUpdate(ada.getId(), new ProfileUpdate().externalId(grace.getExternalId())));

        assertThat(changed.getEmail()).isEqualTo(newAddress);
        assertThat(changed.getExternalId()).isEqualTo(newId);
        assertThat(onlyOne(call(() -> api.profiles.profilesList(null, newId, null, null)))
                        .getId())
                .isEqualTo(ada.getId());
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.error()).isEqualTo("profile_conflict");
        assertThat(taken.problem().getDetail()).contains(grace.getId());
        assertThat(call(() -> api.profiles.profilesGet(ada.getId())).getExternalId())
                .isEqualTo(newId);
    }

    @Test
    void profiles_are_listed_a_page_at_a_time_in_a_stable_order_and_only_the_workspace_s_own() {
        Client own = Workspaces.createOther();
        String template = own.createTemplate("Hi", "<p>Hi</p>", null);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(profileBySend(own, template, null).getId());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String after = cursor;
            ProfilePage page = call(() -> own.profiles.profilesList(null, null, 2, after));
            page.getData().forEach(p -> seen.add(p.getId()));
            assertThat(page.getData()).hasSizeLessThanOrEqualTo(2);
            cursor = page.getHasMore() ? page.getNextCursor() : null;
            assertThat(page.getHasMore()).isEqualTo(page.getNextCursor() != null);
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(made.stream().sorted().toList());
        assertThat(pages).isEqualTo(3);
        assertThat(call(() -> own.profiles.profilesList(null, null, null, null)).getData())
                .extracting(Profile::getId)
                .containsExactlyElementsOf(seen);
    }

    @Test
    void another_workspace_s_profile_is_not_found_read_changed_or_erased() {
        Profile mine = profileBySend(api, TEMPLATE, newExternalId());
        patch(api, mine.getId(), properties(Map.of("plan", "pro")));
        Client other = Workspaces.createOther();

        for (Client.Refusal refused : List.of(
                refusal(() -> other.profiles.profilesGet(mine.getId())),
                refusal(() -> other.profiles.profilesUpdate(mine.getId(), properties(Map.of("plan", "free")))),
                refusal(() -> other.profiles.profilesEraseWithHttpInfo(mine.getId())))) {
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("not_found");
            assertThat(refused.body()).doesNotContain("plan").doesNotContain(mine.getEmail());
        }
        assertThat(call(() -> other.profiles.profilesList(mine.getEmail(), null, null, null))
                        .getData())
                .isEmpty();
        assertThat(call(() -> other.profiles.profilesList(null, mine.getExternalId(), null, null))
                        .getData())
                .isEmpty();
        assertThat(call(() -> other.profiles.profilesList(null, null, 100, null))
                        .getData())
                .extracting(Profile::getId)
                .doesNotContain(mine.getId());
        assertThat(call(() -> api.profiles.profilesGet(mine.getId())).getProperties())
                .isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void erasure_removes_the_profile_and_leaves_its_send_the_address_without_data() throws SQLException {
        String address = Api.newRecipient();
        EmailSend sent = send(
                api,
                TEMPLATE,
                new Recipient().email(address).name("Ada Lovelace").externalId(newExternalId()),
                Map.of("code", "493021", "link", "https://acme.test/reset?token=secret"));
        api.awaitFinal(sent.getId(), Duration.ofSeconds(30));
        String profileId = sent.getProfileId();

        ApiResponse<Void> erased = call(() -> api.profiles.profilesEraseWithHttpInfo(profileId));

        assertThat(erased.getStatusCode()).isEqualTo(204);
        assertThat(refusal(() -> api.profiles.profilesGet(profileId)).status()).isEqualTo(404);
        assertThat(call(() -> api.profiles.profilesList(address, null, null, null))
                        .getData())
                .isEmpty();
        EmailSend kept = call(() -> api.emails.emailsGet(sent.getId()));
        assertThat(kept.getTo().getEmail()).isEqualTo(address);
        assertThat(kept.getTo().getName()).isNull();
        assertThat(kept.getTo().getExternalId()).isNull();
        assertThat(kept.getProfileId()).isNull();
        assertThat(kept.getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        storedData(sent.getId()).ifPresent(data -> assertThat(data).isEqualTo("{}"));
        assertThat(refusal(() -> api.profiles.profilesEraseWithHttpInfo(profileId))
                        .status())
                .isEqualTo(404);

        EmailSend later = send(api, TEMPLATE, new Recipient().email(address), Map.of());
        assertThat(later.getProfileId()).as("a new profile for the address").isNotEqualTo(profileId);
    }

    @Test
    void bad_edits_are_refused_with_every_field_named_and_change_nothing() {
        Profile profile = profileBySend(api, TEMPLATE, null);
        Map<String, Object> deep = Map.of("leaf", 1);
        for (int i = 0; i < 9; i++) {
            deep = Map.of("d", deep);
        }
        Map<String, Object> hostile = new HashMap<>();
        hostile.put("first name", "Ada");
        hostile.put("a.b", 1);
        hostile.put("<script>", 1);
        hostile.put("deep", deep);
        hostile.put("nul", "x\u0000y");

        Client.Refusal refused = refusal(() -> api.profiles.profilesUpdate(profile.getId(), properties(hostile)));
        Client.Refusal huge = refusal(() ->
                api.profiles.profilesUpdate(profile.getId(), properties(Map.of("blob", "x".repeat(70_000)))));
        Client.Refusal badEmail = refusal(
                () -> api.profiles.profilesUpdate(profile.getId(), new ProfileUpdate().email("not an address")));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.error()).isEqualTo("validation_failed");
        assertThat(refused.errorFields())
                .containsExactlyInAnyOrder(
                        "properties.first name",
                        "properties.a.b",
                        "properties.<script>",
                        "properties.deep.d.d.d.d.d.d.d",
                        "properties.nul");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.errorFields()).containsExactly("properties");
        assertThat(badEmail.errorFields()).containsExactly("email");
        assertThat(call(() -> api.profiles.profilesGet(profile.getId()))).isEqualTo(profile);
    }

    @Test
    void bad_look_ups_and_pages_are_refused_with_the_field_named() {
        assertThat(refusal(() -> api.profiles.profilesList(Api.newRecipient(), "crm-1", null, null))
                        .errorFields())
                .containsExactly("externalId");
        assertThat(refusal(() -> api.profiles.profilesList("no-at-sign", null, null, null))
                        .errorFields())
                .containsExactly("email");
        assertThat(refusal(() -> api.profiles.profilesList(null, null, 0, null)).errorFields())
                .containsExactly("limit");
        assertThat(refusal(() -> api.profiles.profilesList(null, null, 101, null))
                        .errorFields())
                .containsExactly("limit");
        Client.Refusal cursor = refusal(() -> api.profiles.profilesList(null, null, null, "not a cursor!"));
        assertThat(cursor.status()).isEqualTo(422);
        assertThat(cursor.errorFields()).containsExactly("cursor");
    }

    @Test
    void reading_needs_profiles_read_and_editing_profiles_write() {
        Profile profile = profileBySend(api, TEMPLATE, null);
        Client reader = withNewKey(Scope.PROFILES_READ);
        Client sender = withNewKey(Scope.EMAILS_WRITE);

        assertThat(call(() -> reader.profiles.profilesGet(profile.getId()))).isEqualTo(profile);
        Client.Refusal patch = refusal(() -> reader.profiles.profilesUpdate(profile.getId(), properties(Map.of())));
        Client.Refusal erase = refusal(() -> reader.profiles.profilesEraseWithHttpInfo(profile.getId()));
        Client.Refusal read = refusal(() -> sender.profiles.profilesGet(profile.getId()));

        for (Client.Refusal refused : List.of(patch, erase, read)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.error()).isEqualTo("insufficient_scope");
        }
    }

    private static Client withNewKey(Scope... scopes) {
        return Client.withKey(call(() -> api.access.apiKeysCreate(
                        new ApiKeyRequest().name("IT profiles key").scopes(Arrays.asList(scopes))))
                .getKey());
    }

    /** The data column of a send, read from PostgreSQL; empty when the server runs on the embedded database. */
    private static Optional<String> storedData(String sendId) throws SQLException {
        if (DB_URL == null || !DB_URL.startsWith("jdbc:postgresql:")) {
            System.out.println("ProfilesIT: the server runs on the embedded database; the stored data is not read");
            return Optional.empty();
        }
        String user = Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_USER")).orElse("segmentflow");
        String password =
                Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_PASSWORD")).orElse("");
        try (Connection connection = DriverManager.getConnection(DB_URL, user, password);
                PreparedStatement select = connection.prepareStatement("SELECT data FROM email_sends WHERE id = ?")) {
            select.setString(1, sendId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return Optional.of(row.getString(1));
            }
        }
    }
}
