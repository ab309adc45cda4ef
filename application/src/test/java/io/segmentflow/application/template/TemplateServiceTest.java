package io.segmentflow.application.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.TemplateInvalidException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.NaiveTemplateRenderer;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TemplateServiceTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final TemplateContent WELCOME =
            new TemplateContent("Welcome, ${data.name}", "<p>Hello ${data.name}</p>", null);
    private static final TemplateContent SNEAKY = new TemplateContent(
            "Welcome, ${data.name}",
            "<p>${T(java.lang.Runtime).getRuntime().exec('rm -rf /')}</p>",
            "${new java.io.File('/etc/passwd')}");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryTemplates templates = new InMemoryTemplates();
    private final FakeTransactions transactions = new FakeTransactions(templates);
    private final TemplateService service =
            new TemplateService(templates, new NaiveTemplateRenderer(), transactions, clock);

    private Template createWelcome() {
        return service.create(ACME, new TemplateDraft("Welcome", TemplateKind.TRANSACTIONAL, WELCOME));
    }

    @Nested
    class Creating {
        @Test
        void a_created_template_is_stored_with_its_first_snapshot() {
            Template created = createWelcome();

            Template stored = templates.find(ACME, created.id()).orElseThrow();
            assertThat(stored.name()).isEqualTo("Welcome");
            assertThat(stored.kind()).isEqualTo(TemplateKind.TRANSACTIONAL);
            assertThat(stored.current().content()).isEqualTo(WELCOME);
            assertThat(stored.createdAt()).isEqualTo(NOW);
            assertThat(templates.snapshot(ACME, created.current().id())).isPresent();
        }

        @Test
        void content_that_reaches_beyond_template_state_is_refused_and_nothing_is_stored() {
            TemplateDraft draft = new TemplateDraft("Sneaky", TemplateKind.TRANSACTIONAL, SNEAKY);

            assertThatThrownBy(() -> service.create(ACME, draft))
                    .isInstanceOf(TemplateInvalidException.class)
                    .satisfies(e -> {
                        TemplateInvalidException invalid = (TemplateInvalidException) e;
                        assertThat(invalid.code()).isEqualTo("template_invalid");
                        assertThat(invalid.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("html", "text");
                    });

            assertThat(templates.size()).isZero();
            assertThat(templates.snapshotCount()).isZero();
        }

        @Test
        void a_template_without_a_name_is_refused() {
            assertThatThrownBy(() -> service.create(ACME, new TemplateDraft(" ", TemplateKind.TRANSACTIONAL, WELCOME)))
                    .isInstanceOf(InvalidValueException.class);
            assertThat(templates.size()).isZero();
        }
    }

    @Nested
    class Reading {
        @Test
        void a_template_is_found_in_its_own_workspace_only() {
            Template created = createWelcome();

            assertThat(service.get(ACME, created.id()).id()).isEqualTo(created.id());
            assertThatThrownBy(() -> service.get(GLOBEX, created.id()))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(created.id());
        }

        @Test
        void the_list_holds_the_templates_of_the_workspace() {
            Template welcome = createWelcome();
            service.create(GLOBEX, new TemplateDraft("Other", TemplateKind.MARKETING, WELCOME));

            assertThat(service.list(ACME)).extracting(Template::id).containsExactly(welcome.id());
        }

        @Test
        void a_preview_renders_the_current_content_with_the_given_state() {
            Template created = createWelcome();

            TemplatePreview preview =
                    service.preview(ACME, created.id(), new PreviewState("{\"name\":\"Ada\"}", "{}", "{}"));

            assertThat(preview.subject()).isEqualTo("Welcome, Ada");
            assertThat(preview.html()).isEqualTo("<p>Hello Ada</p>");
            assertThat(preview.text()).isNull();
            assertThat(preview.warnings()).isEmpty();
        }

        @Test
        void a_preview_says_what_the_render_changed_to_keep_the_output_safe() {
            NaiveTemplateRenderer naive = new NaiveTemplateRenderer();
            TemplateRenderer replacingLinks = new TemplateRenderer() {
                @Override
                public List<FieldError> check(TemplateContent content) {
                    return naive.check(content);
                }

                @Override
                public RenderedEmail render(TemplateContent content, RenderState state) {
                    RenderedEmail rendered = naive.render(content, state);
                    return new RenderedEmail(
                            rendered.subject(),
                            rendered.html(),
                            rendered.text(),
                            List.of("html: an unsafe link was replaced"));
                }
            };
            TemplateService previewing = new TemplateService(templates, replacingLinks, transactions, clock);
            Template created =
                    previewing.create(ACME, new TemplateDraft("Welcome", TemplateKind.TRANSACTIONAL, WELCOME));

            TemplatePreview preview = previewing.preview(ACME, created.id(), PreviewState.EMPTY);

            assertThat(preview.warnings()).containsExactly("html: an unsafe link was replaced");
        }

        @Test
        void a_preview_of_an_unknown_template_is_not_found() {
            assertThatThrownBy(() -> service.preview(ACME, "tpl_missing", PreviewState.EMPTY))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Replacing {
        @Test
        void new_content_makes_a_new_snapshot_and_keeps_the_old_one() {
            Template created = createWelcome();
            TemplateSnapshot first = created.current();
            clock.advance(Duration.ofHours(1));
            TemplateContent reworded = new TemplateContent("Welcome aboard", "<p>Hi ${data.name}</p>", null);

            Template replaced = service.replace(
                    ACME, created.id(), new TemplateDraft("Welcome", TemplateKind.TRANSACTIONAL, reworded));

            assertThat(replaced.current().id()).isNotEqualTo(first.id());
            Template stored = templates.find(ACME, created.id()).orElseThrow();
            assertThat(stored.current().id()).isEqualTo(replaced.current().id());
            assertThat(stored.current().content()).isEqualTo(reworded);
            assertThat(stored.updatedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
            assertThat(templates.snapshot(ACME, first.id()))
                    .map(TemplateSnapshot::content)
                    .contains(WELCOME);
        }

        @Test
        void the_same_content_under_a_new_name_keeps_the_snapshot() {
            Template created = createWelcome();

            Template replaced = service.replace(
                    ACME, created.id(), new TemplateDraft("Welcome (2025)", TemplateKind.MARKETING, WELCOME));

            assertThat(replaced.current().id()).isEqualTo(created.current().id());
            Template stored = templates.find(ACME, created.id()).orElseThrow();
            assertThat(stored.name()).isEqualTo("Welcome (2025)");
            assertThat(stored.kind()).isEqualTo(TemplateKind.MARKETING);
            assertThat(templates.snapshotCount()).isEqualTo(1);
        }

        @Test
        void content_that_reaches_beyond_template_state_is_refused_and_the_template_is_unchanged() {
            Template created = createWelcome();

            assertThatThrownBy(() -> service.replace(
                            ACME, created.id(), new TemplateDraft("Sneaky", TemplateKind.TRANSACTIONAL, SNEAKY)))
                    .isInstanceOf(TemplateInvalidException.class);

            Template stored = templates.find(ACME, created.id()).orElseThrow();
            assertThat(stored.name()).isEqualTo("Welcome");
            assertThat(stored.current().id()).isEqualTo(created.current().id());
            assertThat(templates.snapshotCount()).isEqualTo(1);
        }

        @Test
        void an_unknown_template_or_one_of_another_workspace_is_not_found() {
            Template created = createWelcome();
            TemplateDraft draft = new TemplateDraft("Taken over", TemplateKind.TRANSACTIONAL, WELCOME);

            assertThatThrownBy(() -> service.replace(ACME, "tpl_missing", draft))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> service.replace(GLOBEX, created.id(), draft))
                    .isInstanceOf(NotFoundException.class);
            assertThat(templates.find(ACME, created.id()).orElseThrow().name()).isEqualTo("Welcome");
        }
    }

    @Nested
    class Deleting {
        @Test
        void a_deleted_template_is_gone_but_its_snapshots_stay_for_the_sends_that_used_them() {
            Template created = createWelcome();

            service.delete(ACME, created.id());

            assertThatThrownBy(() -> service.get(ACME, created.id())).isInstanceOf(NotFoundException.class);
            assertThat(templates.snapshot(ACME, created.current().id())).isPresent();
        }

        @Test
        void deleting_an_unknown_template_is_not_found() {
            assertThatThrownBy(() -> service.delete(ACME, "tpl_missing"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("tpl_missing");
        }

        @Test
        void a_template_of_another_workspace_cannot_be_deleted() {
            Template created = createWelcome();

            assertThatThrownBy(() -> service.delete(GLOBEX, created.id())).isInstanceOf(NotFoundException.class);
            assertThat(templates.find(ACME, created.id())).isPresent();
        }
    }
}
