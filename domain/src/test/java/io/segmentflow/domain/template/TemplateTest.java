package io.segmentflow.domain.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant EDITED = CREATED.plusSeconds(3600);
    private static final TemplateContent WELCOME =
            new TemplateContent("Welcome, ${data.name}", "<p>Hello ${data.name}</p>", "Hello ${data.name}");

    private static Template welcomeTemplate() {
        return Template.create(WORKSPACE, "Welcome", TemplateKind.TRANSACTIONAL, WELCOME, CREATED);
    }

    @Test
    void a_new_template_has_a_first_snapshot_of_its_content() {
        Template template = welcomeTemplate();

        assertThat(template.id()).startsWith("tpl_");
        assertThat(template.workspaceId()).isEqualTo(WORKSPACE);
        assertThat(template.current().id()).startsWith("tsn_");
        assertThat(template.current().templateId()).isEqualTo(template.id());
        assertThat(template.current().workspaceId()).isEqualTo(WORKSPACE);
        assertThat(template.current().content()).isEqualTo(WELCOME);
        assertThat(template.current().createdAt()).isEqualTo(CREATED);
    }

    @Test
    void an_edit_of_the_content_makes_a_new_snapshot_and_leaves_the_old_one_alone() {
        Template template = welcomeTemplate();
        TemplateSnapshot before = template.current();
        TemplateContent reworded = new TemplateContent("Welcome aboard, ${data.name}", "<p>Hi</p>", null);

        boolean newSnapshot = template.edit("Welcome", TemplateKind.TRANSACTIONAL, reworded, EDITED);

        assertThat(newSnapshot).isTrue();
        assertThat(template.current().id()).isNotEqualTo(before.id());
        assertThat(template.current().content()).isEqualTo(reworded);
        assertThat(template.current().createdAt()).isEqualTo(EDITED);
        assertThat(before.content()).isEqualTo(WELCOME);
        assertThat(before.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void an_edit_that_keeps_the_content_keeps_the_snapshot() {
        Template template = welcomeTemplate();
        String snapshotId = template.current().id();
        TemplateContent sameContent =
                new TemplateContent("Welcome, ${data.name}", "<p>Hello ${data.name}</p>", "Hello ${data.name}");

        boolean newSnapshot = template.edit("Welcome (v2)", TemplateKind.MARKETING, sameContent, EDITED);

        assertThat(newSnapshot).isFalse();
        assertThat(template.current().id()).isEqualTo(snapshotId);
        assertThat(template.name()).isEqualTo("Welcome (v2)");
        assertThat(template.kind()).isEqualTo(TemplateKind.MARKETING);
        assertThat(template.updatedAt()).isEqualTo(EDITED);
        assertThat(template.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void a_name_is_required_and_at_most_200_characters() {
        assertThatThrownBy(() -> Template.create(WORKSPACE, " ", TemplateKind.TRANSACTIONAL, WELCOME, CREATED))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
        assertThatThrownBy(
                        () -> Template.create(WORKSPACE, "n".repeat(201), TemplateKind.TRANSACTIONAL, WELCOME, CREATED))
                .isInstanceOf(InvalidValueException.class);
        assertThat(Template.create(WORKSPACE, "  Welcome  ", TemplateKind.TRANSACTIONAL, WELCOME, CREATED)
                        .name())
                .isEqualTo("Welcome");
    }

    @Test
    void an_edit_with_a_blank_name_is_refused_and_changes_nothing() {
        Template template = welcomeTemplate();
        String snapshotId = template.current().id();
        TemplateContent reworded = new TemplateContent("Other", "<p>Other</p>", null);

        assertThatThrownBy(() -> template.edit("", TemplateKind.MARKETING, reworded, EDITED))
                .isInstanceOf(InvalidValueException.class);

        assertThat(template.name()).isEqualTo("Welcome");
        assertThat(template.kind()).isEqualTo(TemplateKind.TRANSACTIONAL);
        assertThat(template.current().id()).isEqualTo(snapshotId);
    }

    @Test
    void kinds_are_named_on_the_wire_in_lower_case() {
        assertThat(TemplateKind.fromWire("marketing")).isEqualTo(TemplateKind.MARKETING);
        assertThat(TemplateKind.TRANSACTIONAL.wireName()).isEqualTo("transactional");
        assertThatThrownBy(() -> TemplateKind.fromWire("MARKETING")).isInstanceOf(InvalidValueException.class);
    }
}
