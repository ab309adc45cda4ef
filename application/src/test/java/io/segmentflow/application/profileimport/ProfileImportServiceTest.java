package io.segmentflow.application.profileimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UploadTooLargeException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryConsents;
import io.segmentflow.application.fake.InMemoryProfileImports;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.PlainStateDocuments;
import io.segmentflow.application.port.out.ProfileImportJobs;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.profileimport.ProfileImportStatus;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upload staged as it is read, then imported chunk by chunk as the job does it, restarts included. */
class ProfileImportServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final long MAX_BYTES = 1024 * 1024;

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemoryProfileImports imports = new InMemoryProfileImports();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final InMemoryConsents consents = new InMemoryConsents();
    private final PlainStateDocuments documents = new PlainStateDocuments();
    private final FakeTransactions transactions = new FakeTransactions(profiles, imports, groups, consents);
    private final List<String> started = new ArrayList<>();
    private final ProfileImportJobs jobs = (workspace, id) -> started.add(id);
    private final ProfileImportService service = new ProfileImportService(
            imports, profiles, groups, consents, jobs, documents, transactions, clock, MAX_BYTES);

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private ProfileImport upload(ProfileImportFormat format, String text) {
        return service.upload(ACME, format, body(text));
    }

    /** What the job does: begin, then every chunk of {@code chunk} rows, then finish. */
    private ProfileImport run(ProfileImport accepted, int chunk) {
        long next = service.begin(ACME, accepted.id());
        List<StagedRow> rows;
        while (!(rows = service.rows(accepted.id(), next, chunk)).isEmpty()) {
            List<StagedRow> part = rows.subList(0, Math.min(chunk, rows.size()));
            service.importRows(ACME, accepted.id(), part);
            next = part.get(part.size() - 1).index() + 1;
        }
        service.finish(ACME, accepted.id());
        return service.get(ACME, accepted.id());
    }

    /** A subscription group of the workspace; its id. */
    private String group(WorkspaceId workspace) {
        SubscriptionGroup group = SubscriptionGroup.create(workspace, "News", null, true, NOW);
        groups.add(group);
        return group.id();
    }

    private Profile byEmail(String email) {
        return profiles.findByEmail(ACME, EmailAddress.of(email)).orElseThrow();
    }

    private Map<String, Object> propertiesOf(String email) {
        return documents.read(byEmail(email).properties());
    }

    @Test
    void an_upload_is_staged_in_blocks_queued_and_its_job_started() {
        StringBuilder csv = new StringBuilder("email,plan\n");
        for (int i = 0; i < 2500; i++) {
            csv.append("p").append(i).append("@x.test,pro\n");
        }

        ProfileImport accepted = upload(ProfileImportFormat.CSV, csv.toString());

        assertThat(accepted.status()).isEqualTo(ProfileImportStatus.QUEUED);
        assertThat(accepted.totalRows()).isEqualTo(2500);
        assertThat(accepted.header()).isEqualTo("email,plan");
        assertThat(imports.blocks(accepted.id())).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(imports.blocks(accepted.id()).get(2).get(0))
                .isEqualTo(new StagedRow(2000, 2002, "p2000@x.test,pro", null));
        assertThat(started).containsExactly(accepted.id());
        assertThat(service.get(ACME, accepted.id())).isEqualTo(accepted);
    }

    @Test
    void a_csv_header_with_problems_is_refused_before_anything_is_stored() {
        assertThatThrownBy(() -> upload(ProfileImportFormat.CSV, "email,bad name,plan\na@x.test,1,2\n"))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("header[1]"));
        assertThatThrownBy(() -> upload(ProfileImportFormat.CSV, "\n\n")).isInstanceOf(ValidationFailedException.class);

        assertThat(imports.all()).isEmpty();
        assertThat(started).isEmpty();
    }

    @Test
    void an_upload_past_the_limit_is_refused_and_what_it_staged_is_removed() {
        String big = "{\"email\":\"a@x.test\",\"properties\":{\"note\":\"" + "x".repeat(1000) + "\"}}\n";

        assertThatThrownBy(() -> upload(ProfileImportFormat.NDJSON, big.repeat(2000)))
                .isInstanceOf(UploadTooLargeException.class);

        assertThat(imports.all()).isEmpty();
        assertThat(started).isEmpty();
    }

    @Test
    void an_upload_that_is_not_utf8_is_refused() {
        byte[] latin1 = "email\ncaf\u00e9@x.test\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> service.upload(ACME, ProfileImportFormat.CSV, new ByteArrayInputStream(latin1)))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("body"));
        assertThat(imports.all()).isEmpty();
    }

    @Test
    void rows_are_imported_bad_rows_are_recorded_with_their_line_and_the_counts_add_up() {
        String news = group(ACME);
        ProfileImport accepted = upload(
                ProfileImportFormat.CSV,
                "email,externalId,plan,seats:number,subscriptions." + news + "\n"
                        + "ada@x.test,crm-1,pro,3,subscribed\n"
                        + "not-an-address,,pro,,\n"
                        + "\n"
                        + "grace@x.test,,\"team, \"\"gold\"\"\",12,unsubscribed\n"
                        + "bad@x.test,,pro,many,\n"
                        + "carl@x.test,,basic,,\n");

        ProfileImport done = run(accepted, 2);

        assertThat(done.status()).isEqualTo(ProfileImportStatus.COMPLETED);
        assertThat(done.totalRows()).isEqualTo(5);
        assertThat(done.nextRow()).isEqualTo(5);
        assertThat(done.imported()).isEqualTo(3);
        assertThat(done.failed()).isEqualTo(2);
        assertThat(service.errors(ACME, accepted.id(), null, 10).data())
                .extracting(ImportRowError::line, ImportRowError::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "validation_failed"),
                        org.assertj.core.groups.Tuple.tuple(6L, "validation_failed"));
        assertThat(byEmail("ada@x.test").externalId()).isEqualTo("crm-1");
        assertThat(propertiesOf("ada@x.test")).isEqualTo(Map.of("plan", "pro", "seats", new java.math.BigDecimal(3)));
        assertThat(propertiesOf("grace@x.test")).containsEntry("plan", "team, \"gold\"");
        assertThat(consents.of(ACME, byEmail("ada@x.test").id()))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.subscriptionGroupId()).isEqualTo(news);
                    assertThat(c.status()).isEqualTo(ConsentStatus.SUBSCRIBED);
                    assertThat(c.source()).isEqualTo(ConsentSource.IMPORT);
                    assertThat(c.changedAt()).isEqualTo(NOW);
                });
        assertThat(consents.statusesOf(
                        ACME,
                        news,
                        List.of(
                                byEmail("grace@x.test").id(),
                                byEmail("carl@x.test").id())))
                .containsExactly(Map.entry(byEmail("grace@x.test").id(), ConsentStatus.UNSUBSCRIBED));
        assertThat(imports.blocks(accepted.id()))
                .as("staged rows dropped once done")
                .isEmpty();
    }

    @Test
    void properties_merge_into_an_existing_profile_and_a_later_row_for_the_same_profile_applies_after_an_earlier() {
        Profile ada = Profile.create("pr_ada", ACME, ProfileIdentity.ofEmail(EmailAddress.of("ada@x.test")), NOW)
                .withProperties("{\"plan\":\"free\",\"city\":\"Paris\"}", NOW);
        profiles.put(ada);
        ProfileImport accepted = upload(
                ProfileImportFormat.NDJSON,
                "{\"email\":\"ada@x.test\",\"properties\":{\"plan\":\"pro\"}}\n"
                        + "{\"externalId\":\"crm-9\",\"properties\":{\"seats\":2}}\n"
                        + "{\"email\":\"ada@x.test\",\"externalId\":\"crm-1\",\"properties\":{\"plan\":\"team\",\"city\":null}}\n"
                        + "{\"email\":\"ada@x.test\",\"externalId\":\"crm-9\"}\n");

        ProfileImport done = run(accepted, 100);

        assertThat(done.imported()).isEqualTo(3);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(profiles.find(ACME, "pr_ada").orElseThrow().externalId()).isEqualTo("crm-1");
        assertThat(propertiesOf("ada@x.test")).isEqualTo(Map.of("plan", "team"));
        assertThat(profiles.findByExternalId(ACME, "crm-9").orElseThrow().email())
                .isNull();
        assertThat(service.errors(ACME, accepted.id(), null, 10).data())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.code()).isEqualTo("profile_conflict");
                });
    }

    @Test
    void the_same_file_imported_twice_leaves_one_profile_per_row_with_the_later_values() {
        run(upload(ProfileImportFormat.CSV, "email,externalId,plan\na@x.test,crm-a,free\nb@x.test,,free\n"), 10);

        ProfileImport again = run(
                upload(ProfileImportFormat.CSV, "email,externalId,plan\na@x.test,crm-a,pro\nb@x.test,crm-b,pro\n"), 10);

        assertThat(again.imported()).isEqualTo(2);
        assertThat(profiles.all()).hasSize(2);
        assertThat(propertiesOf("a@x.test")).isEqualTo(Map.of("plan", "pro"));
        assertThat(byEmail("b@x.test").externalId()).isEqualTo("crm-b");
    }

    @Test
    void a_row_naming_a_subscription_group_the_workspace_lacks_is_refused_and_nothing_of_it_is_written() {
        String news = group(GLOBEX);
        ProfileImport accepted = upload(
                ProfileImportFormat.NDJSON,
                "{\"email\":\"ada@x.test\",\"subscriptions\":{\"" + news + "\":\"subscribed\"}}\n"
                        + "{\"email\":\"grace@x.test\"}\n");

        ProfileImport done = run(accepted, 100);

        assertThat(done.imported()).isEqualTo(1);
        assertThat(profiles.findByEmail(ACME, EmailAddress.of("ada@x.test"))).isEmpty();
        assertThat(service.errors(ACME, accepted.id(), null, 10).data())
                .extracting(ImportRowError::code)
                .containsExactly("unknown_subscription_group");
    }

    @Test
    void a_chunk_imported_again_after_a_restart_counts_nothing_twice() {
        ProfileImport accepted = upload(ProfileImportFormat.CSV, "email,plan\na@x.test,pro\nb@x.test,\n-,x\n");
        service.begin(ACME, accepted.id());
        List<StagedRow> rows = service.rows(accepted.id(), 0, 2);
        service.importRows(ACME, accepted.id(), rows.subList(0, 2));

        // The job crashed before its checkpoint: the restarted job begins where the import's own count is.
        long next = service.begin(ACME, accepted.id());
        service.importRows(ACME, accepted.id(), service.rows(accepted.id(), 0, 3));
        service.finish(ACME, accepted.id());

        ProfileImport done = service.get(ACME, accepted.id());
        assertThat(next).isEqualTo(2);
        assertThat(done.status()).isEqualTo(ProfileImportStatus.COMPLETED);
        assertThat(done.imported()).isEqualTo(2);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(profiles.all()).hasSize(2);
    }

    @Test
    void a_failed_job_marks_the_import_failed_and_a_restart_runs_it_again() {
        ProfileImport accepted = upload(ProfileImportFormat.CSV, "email\na@x.test\n");
        service.begin(ACME, accepted.id());

        service.fail(ACME, accepted.id(), "the import job failed");
        assertThat(service.get(ACME, accepted.id()).status()).isEqualTo(ProfileImportStatus.FAILED);

        ProfileImport done = run(accepted, 10);
        assertThat(done.status()).isEqualTo(ProfileImportStatus.COMPLETED);
        assertThat(done.failureReason()).isNull();
        assertThat(done.imported()).isEqualTo(1);
    }

    @Test
    void a_chunk_that_fails_writes_nothing_of_its_rows() {
        ProfileImport accepted = upload(ProfileImportFormat.CSV, "email\na@x.test\nb@x.test\n");
        service.begin(ACME, accepted.id());
        transactions.databaseUnreachableFor(1);

        assertThatThrownBy(() -> service.importRows(ACME, accepted.id(), service.rows(accepted.id(), 0, 10)))
                .isInstanceOf(RuntimeException.class);

        assertThat(profiles.all()).isEmpty();
        assertThat(service.get(ACME, accepted.id()).nextRow()).isZero();
    }

    @Test
    void another_workspace_s_import_is_not_found() {
        ProfileImport accepted = upload(ProfileImportFormat.CSV, "email\na@x.test\n");

        assertThatThrownBy(() -> service.get(GLOBEX, accepted.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.errors(GLOBEX, accepted.id(), null, 10))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void refused_rows_are_paged_in_line_order() {
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 25; i++) {
            csv.append("bad").append(i).append("\n");
        }
        ProfileImport accepted = run(upload(ProfileImportFormat.CSV, csv.toString()), 7);

        var first = service.errors(ACME, accepted.id(), null, 10);
        var second = service.errors(ACME, accepted.id(), first.nextCursor(), 10);
        var third = service.errors(ACME, accepted.id(), second.nextCursor(), 10);

        assertThat(first.data())
                .extracting(ImportRowError::line)
                .startsWith(2L, 3L)
                .hasSize(10);
        assertThat(second.data().get(0).line()).isEqualTo(12);
        assertThat(third.data()).hasSize(5);
        assertThat(third.hasMore()).isFalse();
        assertThatThrownBy(() -> service.errors(ACME, accepted.id(), "not-a-cursor!", 10))
                .isInstanceOf(ValidationFailedException.class);
    }
}
