package io.segmentflow.application.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachedTemplatesTest {
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    private final InMemoryTemplates store = new InMemoryTemplates();
    private final CachedTemplates templates = new CachedTemplates(store);

    private Template welcome(WorkspaceId workspace) {
        Template template = Template.create(
                workspace,
                "Welcome",
                TemplateKind.TRANSACTIONAL,
                new TemplateContent("Welcome", "<p>Hello</p>", null),
                NOW);
        store.add(template);
        return template;
    }

    @Test
    void a_snapshot_is_read_from_the_store_once_however_many_messages_render_it() {
        Template welcome = welcome(ACME);

        for (int i = 0; i < 5; i++) {
            assertThat(templates.snapshot(ACME, welcome.current().id())).contains(welcome.current());
        }

        assertThat(store.snapshotReads()).isEqualTo(1);
    }

    @Test
    void a_snapshot_kept_for_one_workspace_is_not_served_to_another() {
        Template welcome = welcome(ACME);
        templates.snapshot(ACME, welcome.current().id());

        assertThat(templates.snapshot(GLOBEX, welcome.current().id())).isEmpty();
    }

    @Test
    void a_missing_snapshot_is_asked_for_again() {
        assertThat(templates.snapshot(ACME, "tsn_missing")).isEmpty();
        assertThat(templates.snapshot(ACME, "tsn_missing")).isEmpty();

        assertThat(store.snapshotReads()).isEqualTo(2);
    }

    @Test
    void past_its_size_the_cache_starts_afresh_rather_than_grow() {
        Template first = welcome(ACME);
        templates.snapshot(ACME, first.current().id());
        for (int i = 1; i < CachedTemplates.SNAPSHOTS_KEPT; i++) {
            templates.snapshot(ACME, welcome(ACME).current().id());
        }
        templates.snapshot(ACME, welcome(ACME).current().id());
        int reads = store.snapshotReads();

        templates.snapshot(ACME, first.current().id());

        assertThat(store.snapshotReads()).isEqualTo(reads + 1);
    }

    @Test
    void a_template_edited_is_read_as_it_is_now_not_as_it_was() {
        Template welcome = welcome(ACME);
        templates.find(ACME, welcome.id());
        welcome.edit(
                "Welcome back",
                TemplateKind.TRANSACTIONAL,
                new TemplateContent("Back", "<p>Again</p>", null),
                NOW.plusSeconds(1));
        templates.update(welcome);

        assertThat(templates.find(ACME, welcome.id()))
                .hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("Welcome back"));
        assertThat(templates.currentSnapshotId(ACME, welcome.id()))
                .contains(welcome.current().id());
    }
}
