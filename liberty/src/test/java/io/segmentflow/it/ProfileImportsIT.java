package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.Profile;
import io.segmentflow.it.client.model.ProfileImport;
import io.segmentflow.it.client.model.ProfileImportAccepted;
import io.segmentflow.it.client.model.ProfileImportError;
import io.segmentflow.it.client.model.ProfileImportErrorPage;
import io.segmentflow.it.client.model.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bulk Profile imports through the API: an upload staged and imported by the batch job, exact counts, each refused
 * row listed with its line, properties merged, consent recorded, and nothing seen from another workspace.
 */
class ProfileImportsIT {
    private static final Client api = Client.withBootstrapKey();

    /** Addresses of this run only, so reruns on one database never meet earlier Profiles. */
    private static String address(String run, int i) {
        return "imp" + i + "-" + run + "@import.example";
    }

    static ProfileImport awaitDone(Client client, String importId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        ProfileImport view;
        do {
            view = call(() -> client.profiles.profileImportsGet(importId));
            if (view.getStatus() == ProfileImport.StatusEnum.COMPLETED
                    || view.getStatus() == ProfileImport.StatusEnum.FAILED) {
                return view;
            }
            Api.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("import " + importId + " did not end: " + view);
    }

    private static List<ProfileImportError> allErrors(Client client, String importId) {
        List<ProfileImportError> all = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            ProfileImportErrorPage page = call(() -> client.profiles.profileImportsErrors(importId, 2, after));
            all.addAll(page.getData());
            cursor = page.getHasMore() ? page.getNextCursor() : null;
        } while (cursor != null);
        return all;
    }

    private static Profile profileOf(String email) {
        List<Profile> found =
                call(() -> api.profiles.profilesList(email, null, null, null)).getData();
        assertThat(found).as(email).hasSize(1);
        return found.get(0);
    }

    @Test
    void ten_thousand_csv_rows_with_a_few_bad_ones_are_imported_with_exact_counts_and_the_bad_rows_listed() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("email,externalId,plan,seats:number\r\n");
        for (int i = 0; i < 10_000; i++) {
            int line = i + 2;
            switch (line) {
                case 100 -> csv.append("not-an-address,,pro,1\r\n");
                case 2000 -> csv.append(address(run, i)).append(",,pro,many\r\n");
                case 5000 -> csv.append(address(run, i)).append(",,pro\r\n");
                case 7000 -> csv.append(address(run, i)).append(",,5\" screen,1\r\n");
                case 8000 ->
                    csv.append(address(run, i))
                            .append(",,")
                            .append("x".repeat(300_000))
                            .append(",1\r\n");
                default ->
                    csv.append(address(run, i))
                            .append(",crm-")
                            .append(run)
                            .append('-')
                            .append(i)
                            .append(",\"pro, \"\"gold\"\" ${T(java.lang.Runtime)}\",")
                            .append(i)
                            .append("\r\n");
            }
        }

        ProfileImportAccepted accepted = call(() -> api.profiles.profileImportsCreate(csv.toString()));
        ProfileImport done = awaitDone(api, accepted.getImportId());

        assertThat(done.getStatus()).as(done.toString()).isEqualTo(ProfileImport.StatusEnum.COMPLETED);
        assertThat(done.getFormat()).isEqualTo(ProfileImport.FormatEnum.CSV);
        assertThat(done.getTotalRows()).isEqualTo(10_000L);
        assertThat(done.getRowsRead()).isEqualTo(10_000L);
        assertThat(done.getImported()).isEqualTo(9_995L);
        assertThat(done.getFailed()).isEqualTo(5L);
        List<ProfileImportError> errors = allErrors(api, accepted.getImportId());
        assertThat(errors).extracting(ProfileImportError::getLine).containsExactly(100L, 2000L, 5000L, 7000L, 8000L);
        assertThat(errors)
                .extracting(ProfileImportError::getCode)
                .containsExactly(
                        "validation_failed", "validation_failed", "malformed_row", "malformed_row", "row_too_long");
        assertThat(errors.get(0).getMessage()).startsWith("email:");
        assertThat(errors.get(1).getMessage()).startsWith("properties.seats:");

        Profile last = profileOf(address(run, 9999));
        assertThat(last.getExternalId()).isEqualTo("crm-" + run + "-9999");
        assertThat(last.getProperties())
                .isEqualTo(Map.of("plan", "pro, \"gold\" ${T(java.lang.Runtime)}", "seats", 9999));
        assertThat(call(() -> api.profiles.profilesList(address(run, 7998), null, null, null))
                        .getData())
                .as("line 8000 was refused")
                .isEmpty();
    }

    @Test
    void ndjson_lines_merge_properties_into_existing_profiles_in_file_order() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ada = address(run, 1);
        String ndjson = "{\"email\":\"" + ada + "\",\"properties\":{\"plan\":\"free\",\"city\":\"Paris\"}}\n"
                + "\n"
                + "{\"email\":\"" + ada
                + "\",\"properties\":{\"plan\":\"pro\",\"city\":null,\"tags\":[\"a\",{\"b\":1}]}}\r\n"
                + "{\"email\":\"" + address(run, 2) + "\",\"admin\":true}\n"
                + "not json\n"
                + "{\"externalId\":\"crm-" + run + "\",\"properties\":{\"seats\":2}}\n";

        Api.Reply reply = api.raw().postRaw("/api/v1/profiles/imports", ndjson, "application/x-ndjson");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        String importId = reply.json().getString("importId");
        assertThat(reply.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/profiles/imports/" + importId));
        ProfileImport done = awaitDone(api, importId);

        assertThat(done.getFormat()).isEqualTo(ProfileImport.FormatEnum.NDJSON);
        assertThat(done.getTotalRows()).isEqualTo(5L);
        assertThat(done.getImported()).isEqualTo(3L);
        assertThat(done.getFailed()).isEqualTo(2L);
        assertThat(allErrors(api, importId))
                .extracting(ProfileImportError::getLine, ProfileImportError::getCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4L, "validation_failed"),
                        org.assertj.core.groups.Tuple.tuple(5L, "malformed_row"));
        assertThat(profileOf(ada).getProperties())
                .isEqualTo(Map.of("plan", "pro", "tags", List.of("a", Map.of("b", 1))));
        assertThat(call(() -> api.profiles.profilesList(null, "crm-" + run, null, null))
                        .getData())
                .singleElement()
                .satisfies(p -> assertThat(p.getEmail()).isNull());
    }

    @Test
    void consent_per_subscription_group_is_imported_with_its_source_and_an_unknown_group_refuses_the_row() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Set-up through the raw client: the tests' client does not name the subscription groups' operations.
        Api.Reply created = api.raw()
                .post(
                        "/api/v1/subscription-groups",
                        jakarta.json.Json.createObjectBuilder()
                                .add("name", "Import news " + run)
                                .add("type", "opt_in")
                                .build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String group = created.json().getString("id");
        String csv = "email,subscriptions." + group + "\n"
                + address(run, 1) + ",subscribed\n"
                + address(run, 2) + ",unsubscribed\n"
                + address(run, 3) + ",\n"
                + address(run, 4) + ",maybe\n";
        String ndjson = "{\"email\":\"" + address(run, 5) + "\",\"subscriptions\":{\"sg_unknown\":\"subscribed\"}}\n";

        ProfileImport fromCsv = awaitDone(
                api, call(() -> api.profiles.profileImportsCreate(csv)).getImportId());
        Api.Reply fromNdjson = api.raw().postRaw("/api/v1/profiles/imports", ndjson, "application/x-ndjson");
        ProfileImport unknown = awaitDone(api, fromNdjson.json().getString("importId"));

        assertThat(fromCsv.getImported()).isEqualTo(3L);
        assertThat(fromCsv.getFailed()).isEqualTo(1L);
        assertThat(allErrors(api, fromCsv.getId()))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage()).startsWith("subscriptions." + group));
        Profile subscribed =
                call(() -> api.profiles.profilesGet(profileOf(address(run, 1)).getId()));
        assertThat(subscribed.getSubscriptions()).singleElement().satisfies(s -> {
            assertThat(s.getSubscriptionGroupId()).isEqualTo(group);
            assertThat(s.getStatus()).isEqualTo(Subscription.StatusEnum.SUBSCRIBED);
            assertThat(s.getSource()).isEqualTo(Subscription.SourceEnum.IMPORT);
        });
        assertThat(call(() -> api.profiles.profilesGet(
                                profileOf(address(run, 2)).getId()))
                        .getSubscriptions())
                .extracting(Subscription::getStatus)
                .containsExactly(Subscription.StatusEnum.UNSUBSCRIBED);
        assertThat(call(() -> api.profiles.profilesGet(
                                profileOf(address(run, 3)).getId()))
                        .getSubscriptions())
                .as("an empty value says nothing")
                .isEmpty();
        assertThat(unknown.getFailed()).isEqualTo(1L);
        assertThat(allErrors(api, unknown.getId()))
                .extracting(ProfileImportError::getCode)
                .containsExactly("unknown_subscription_group");
        assertThat(call(() -> api.profiles.profilesList(address(run, 5), null, null, null))
                        .getData())
                .as("nothing of a refused row is written")
                .isEmpty();
    }

    @Test
    void another_workspace_s_import_and_its_errors_answer_404() {
        ProfileImportAccepted accepted = call(() -> api.profiles.profileImportsCreate("email\nx@import.example\n"));
        Client other = Workspaces.createOther();

        assertThat(refusal(() -> other.profiles.profileImportsGet(accepted.getImportId()))
                        .status())
                .isEqualTo(404);
        assertThat(refusal(() -> other.profiles.profileImportsErrors(accepted.getImportId(), null, null))
                        .status())
                .isEqualTo(404);
        assertThat(refusal(() -> api.profiles.profileImportsGet("imp_unknown")).error())
                .isEqualTo("not_found");
    }

    @Test
    void a_csv_whose_header_has_problems_is_refused_at_once_with_each_column_named() {
        Client.Refusal refused = refusal(() -> api.profiles.profileImportsCreate("email,bad name,plan:date\na,b,c\n"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.error()).isEqualTo("validation_failed");
        assertThat(refused.errorFields()).containsExactly("header[1]", "header[2]");
    }

    @Test
    void an_upload_in_another_media_type_or_charset_is_refused_with_415() {
        Api.Reply json = api.raw().postRaw("/api/v1/profiles/imports", "{}", "application/json");
        Api.Reply latin1 = api.raw().postRaw("/api/v1/profiles/imports", "email\n", "text/csv; charset=ISO-8859-1");

        assertThat(json.status()).isEqualTo(415);
        assertThat(json.error()).isEqualTo("unsupported_media_type");
        assertThat(latin1.status()).isEqualTo(415);
    }

    @Test
    void an_upload_needs_the_profiles_write_scope() {
        var created = call(() -> api.access.apiKeysCreate(new io.segmentflow.it.client.model.ApiKeyRequest()
                .name("read only " + UUID.randomUUID())
                .scopes(List.of(io.segmentflow.it.client.model.Scope.PROFILES_READ))));
        Client reader = Client.withKey(created.getKey());

        assertThat(refusal(() -> reader.profiles.profileImportsCreate("email\na@import.example\n"))
                        .error())
                .isEqualTo("insufficient_scope");
    }
}
