package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Templates and their immutable snapshots. */
@ExtendWith(TestDatabaseExtension.class)
class JpaTemplatesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final TemplateContent RESET = new TemplateContent(
            "Your code: [[${data.code}]]",
            "<p>Hi <b th:text=\"${data.name}\">there</b>, your code is ünïcode-safe.</p>",
            "Your code: [[${data.code}]]");
    private static final TemplateContent RESET_V2 = new TemplateContent(
            "Your new code: [[${data.code}]]", "<p>Code: <b th:text=\"${data.code}\">0</b></p>", null);

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaTemplatesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    @Test
    void a_template_added_is_found_with_its_current_snapshot() {
        // given
        Template template = Template.create(workspace, "Password reset", TemplateKind.TRANSACTIONAL, RESET, NOW);

        // when
        db.commit(tx -> tx.templates().add(template));

        // then
        Template found = stored(workspace, template.id()).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(template);
        assertThat(found.current().content()).isEqualTo(RESET);
    }

    @Test
    void editing_the_content_makes_a_new_current_snapshot_and_keeps_the_old_one() {
        // given
        Template template = added(Template.create(workspace, "Password reset", TemplateKind.TRANSACTIONAL, RESET, NOW));
        TemplateSnapshot old = template.current();

        // when
        template.edit("Password reset v2", TemplateKind.MARKETING, RESET_V2, NOW.plus(Duration.ofHours(1)));
        db.commit(tx -> tx.templates().update(template));

        // then
        Template found = stored(workspace, template.id()).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(template);
        assertThat(found.current().id()).isNotEqualTo(old.id());
        assertThat(found.current().content()).isEqualTo(RESET_V2);
        assertThat(snapshot(workspace, old.id())).contains(old);
    }

    @Test
    void editing_only_the_name_keeps_the_current_snapshot() {
        // given
        Template template = added(Template.create(workspace, "Password reset", TemplateKind.TRANSACTIONAL, RESET, NOW));
        TemplateSnapshot current = template.current();

        // when
        template.edit("Reset", TemplateKind.TRANSACTIONAL, RESET, NOW.plusSeconds(60));
        db.commit(tx -> tx.templates().update(template));

        // then
        Template found = stored(workspace, template.id()).orElseThrow();
        assertThat(found.name()).isEqualTo("Reset");
        assertThat(found.updatedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(found.current()).isEqualTo(current);
    }

    @Test
    void a_deleted_template_is_gone_from_find_and_list_but_its_snapshot_remains() {
        // given
        Template template = added(Template.create(workspace, "Password reset", TemplateKind.TRANSACTIONAL, RESET, NOW));

        // when
        boolean deleted = db.inTransaction(tx -> tx.templates().delete(workspace, template.id(), NOW.plusSeconds(60)));
        boolean deletedAgain =
                db.inTransaction(tx -> tx.templates().delete(workspace, template.id(), NOW.plusSeconds(90)));

        // then
        assertThat(deleted).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(stored(workspace, template.id())).isEmpty();
        assertThat(list(workspace, 10)).isEmpty();
        assertThat(snapshot(workspace, template.current().id())).contains(template.current());
    }

    @Test
    void a_template_and_its_snapshot_are_not_found_through_another_workspace() {
        // given
        Template template = added(Template.create(workspace, "Password reset", TemplateKind.TRANSACTIONAL, RESET, NOW));

        // when
        Optional<Template> found = stored(otherWorkspace, template.id());
        Optional<TemplateSnapshot> snapshot =
                snapshot(otherWorkspace, template.current().id());
        List<Template> listed = list(otherWorkspace, 10);
        boolean deleted = db.inTransaction(tx -> tx.templates().delete(otherWorkspace, template.id(), NOW));

        // then
        assertThat(found).isEmpty();
        assertThat(snapshot).isEmpty();
        assertThat(listed).isEmpty();
        assertThat(deleted).isFalse();
        assertThat(stored(workspace, template.id())).isPresent();
    }

    @Test
    void list_gives_the_workspace_templates_newest_first_up_to_the_limit() {
        // given
        Template oldest = added(Template.create(workspace, "One", TemplateKind.TRANSACTIONAL, RESET, NOW));
        Template middle = added(Template.create(workspace, "Two", TemplateKind.MARKETING, RESET, NOW.plusSeconds(1)));
        Template newest =
                added(Template.create(workspace, "Three", TemplateKind.TRANSACTIONAL, RESET_V2, NOW.plusSeconds(2)));
        added(Template.create(otherWorkspace, "Elsewhere", TemplateKind.TRANSACTIONAL, RESET, NOW.plusSeconds(3)));

        // when
        List<Template> firstTwo = list(workspace, 2);

        // then
        assertThat(firstTwo).extracting(Template::id).containsExactly(newest.id(), middle.id());
        assertThat(firstTwo.get(0).current().content()).isEqualTo(RESET_V2);
        assertThat(list(workspace, 10)).extracting(Template::id).containsExactly(newest.id(), middle.id(), oldest.id());
    }

    // --- the language of these tests ----------------------------------------------------------------------

    @Test
    void the_current_snapshot_id_follows_edits_and_is_gone_with_the_template_or_in_another_workspace() {
        // given
        Template template = added(Template.create(workspace, "Password reset", TemplateKind.TRANSACTIONAL, RESET, NOW));
        String first = template.current().id();

        // when
        template.edit("Password reset", TemplateKind.TRANSACTIONAL, RESET_V2, NOW.plusSeconds(30));
        db.commit(tx -> tx.templates().update(template));

        // then
        assertThat(template.current().id()).isNotEqualTo(first);
        assertThat(currentSnapshotId(workspace, template.id()))
                .contains(template.current().id());
        assertThat(currentSnapshotId(otherWorkspace, template.id())).isEmpty();
        db.inTransaction(tx -> tx.templates().delete(workspace, template.id(), NOW.plusSeconds(60)));
        assertThat(currentSnapshotId(workspace, template.id())).isEmpty();
    }

    private Optional<String> currentSnapshotId(WorkspaceId in, String id) {
        return db.inTransaction(tx -> tx.templates().currentSnapshotId(in, id));
    }

    private Template added(Template template) {
        db.commit(tx -> tx.templates().add(template));
        return template;
    }

    private Optional<Template> stored(WorkspaceId in, String id) {
        return db.inTransaction(tx -> tx.templates().find(in, id));
    }

    private List<Template> list(WorkspaceId in, int limit) {
        return db.inTransaction(tx -> tx.templates().list(in, limit));
    }

    private Optional<TemplateSnapshot> snapshot(WorkspaceId in, String snapshotId) {
        return db.inTransaction(tx -> tx.templates().snapshot(in, snapshotId));
    }
}
