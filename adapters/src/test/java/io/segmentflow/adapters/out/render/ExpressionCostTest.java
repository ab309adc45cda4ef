package io.segmentflow.adapters.out.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.TemplateRenderer.RenderState;
import io.segmentflow.domain.template.TemplateContent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a template holds, checking it when it is saved and rendering it cost little CPU: generated
 * expressions (operator chains, quotes, backslashes, nesting, links, inline forms) are thrown at the save path
 * and the ones it accepts are rendered. The seed is printed on failure and may be set with
 * {@code -Dsegmentflow.expression.seed=N}.
 */
class ExpressionCostTest {
    /** Ordinary expressions cost well under a millisecond; the refused attacks cost seconds and gigabytes. */
    private static final long MAX_CPU_NANOS = 200_000_000L;

    private static final int EXPRESSIONS = 4000;
    private static final String[] PIECES = {
        "-",
        "!",
        " not ",
        "not",
        "*",
        "+",
        "/",
        "%",
        "?",
        ":",
        "?:",
        "==",
        "!=",
        ">",
        "<=",
        " and ",
        " or ",
        " gt ",
        "(",
        ")",
        "1",
        "0.5",
        "'",
        "\\'",
        "\\",
        "\\\\",
        "|",
        "${data.a}",
        "${data.n}",
        "@{",
        "}",
        "(p=",
        ",",
        "'a'",
        "'-'",
        " ",
        "x",
        "a-b",
        "--",
        "-1*!",
        "#{",
        "~{",
        "{",
        "${",
        "__",
        "true",
        "null",
        "=",
        "'\\''",
    };
    private static final RenderState STATE = new RenderState("{\"a\":\"A\",\"n\":3}", "{}", "{}");

    private final ThymeleafTemplateRenderer renderer = new ThymeleafTemplateRenderer();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** The first check and render load and compile the engine; that is not what is measured. */
    @BeforeEach
    void warmUp() {
        TemplateContent ordinary = inHtmlAttribute("${data.a} + ' ' + ${data.n} * 2");
        renderer.check(ordinary);
        renderer.render(ordinary, STATE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // A quote escaped inside a literal hid the chain after it from the old operator count.
                "'\\'' + -1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!1",
                "'\\\\\\'' + -1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!1",
                // Link parameters are parsed as expressions before the link check refuses them.
                "@{https://x.example/(p=-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!1)}",
                "@{'\\'' + -1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!1}",
                "|x ${data.a}| + -1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!-1*!1",
            })
    void the_attacks_on_the_operator_count_are_refused_at_once(String expression) {
        for (TemplateContent content : List.of(inHtmlAttribute(expression), inSubject(expression))) {
            List<FieldError> errors = withinCpuBound(expression, () -> renderer.check(content));
            assertThat(errors).as(expression).isNotEmpty();
            // A template saved before the check knew better must not stall a delivery worker either.
            Throwable failure = withinCpuBound(expression, () -> catchThrowable(() -> renderer.render(content, STATE)));
            assertThat(failure).isInstanceOf(TemplateRenderFailedException.class);
        }
    }

    @Test
    void generated_expressions_are_checked_and_rendered_within_a_small_cpu_bound() {
        long seed = Long.getLong("segmentflow.expression.seed", 20261130L);
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < EXPRESSIONS; i++) {
            String expression = expression(random);
            TemplateContent content = switch (random.nextInt(4)) {
                case 0 -> inHtmlAttribute(expression);
                case 1 -> inSubject(expression);
                case 2 -> new TemplateContent("s", "<p>[[" + expression + "]]</p>", null);
                default -> inHtmlAttribute("@{https://shop.example/a-b(p=" + expression + ")}");
            };
            String label = "seed " + seed + ", expression " + i + ": " + expression;
            List<FieldError> errors = withinCpuBound(label, () -> renderer.check(content));
            if (errors.isEmpty()) {
                accepted++;
                withinCpuBound(label, () -> {
                    try {
                        return renderer.render(content, STATE);
                    } catch (TemplateRenderFailedException e) {
                        return null; // failing is fine; failing slowly is not
                    }
                });
            }
        }
        // The generator must also reach the parser and the renderer, not only the refusals.
        assertThat(accepted).isGreaterThan(EXPRESSIONS / 20);
    }

    private <T> T withinCpuBound(String label, Supplier<T> work) {
        long start = threads.getCurrentThreadCpuTime();
        T result = work.get();
        long spent = threads.getCurrentThreadCpuTime() - start;
        assertThat(spent).as("CPU time of %s", label).isLessThan(MAX_CPU_NANOS);
        return result;
    }

    /** Random pieces, or a short random run of them repeated into a chain, sometimes behind a quoting trick. */
    private static String expression(Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(4) == 0) {
            out.append(random.nextBoolean() ? "'\\'' + " : "|" + PIECES[random.nextInt(PIECES.length)] + "| + ");
        }
        if (random.nextInt(3) == 0) {
            StringBuilder run = new StringBuilder();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                run.append(PIECES[random.nextInt(PIECES.length)]);
            }
            out.append(run.toString().repeat(4 + random.nextInt(24))).append('1');
        } else {
            for (int i = 1 + random.nextInt(30); i > 0; i--) {
                out.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return out.toString();
    }

    private static TemplateContent inHtmlAttribute(String expression) {
        return new TemplateContent("s", "<p th:text=\"" + attribute(expression) + "\">x</p>", null);
    }

    private static TemplateContent inSubject(String expression) {
        return new TemplateContent("[# th:text=\"" + attribute(expression) + "\"/]", "<p>x</p>", null);
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
