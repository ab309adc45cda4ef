package io.segmentflow.adapters.out.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.TemplateRenderer.RenderState;
import io.segmentflow.application.port.out.TemplateRenderer.RenderedEmail;
import io.segmentflow.domain.template.TemplateContent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.ExpressionContext;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.standard.expression.StandardExpressionExecutionContext;
import org.thymeleaf.standard.expression.StandardExpressionParser;
import org.thymeleaf.standard.expression.VariableExpression;
import org.thymeleaf.templatemode.TemplateMode;

class ThymeleafTemplateRendererTest {
    private final ThymeleafTemplateRenderer renderer = new ThymeleafTemplateRenderer();

    private static RenderState data(String json) {
        return new RenderState(json, "{}", "{}");
    }

    private String html(String html, RenderState state) {
        return renderer.render(new TemplateContent("Subject", html, null), state)
                .html();
    }

    private List<FieldError> check(String html) {
        return renderer.check(new TemplateContent("Subject", html, null));
    }

    // --- rendering ---------------------------------------------------------------------------------------

    @Test
    void rendersPathsIntoDataProfileAndEvent() {
        RenderState state = new RenderState(
                "{\"order\":{\"id\":\"A-17\",\"items\":[{\"sku\":\"cup\"},{\"sku\":\"mug\"}]},\"first name\":\"Ada\"}",
                "{\"plan\":{\"name\":\"pro\"}}",
                "{\"type\":\"signup\"}");

        String html = html(
                "<p th:text=\"${data.order.id}\">x</p>"
                        + "<p th:text=\"${data.order.items[1].sku}\">x</p>"
                        + "<p th:text=\"${data['first name']}\">x</p>"
                        + "<p data-th-text=\"${profile.plan['name']}\">x</p>"
                        + "<p>[[${event.type}]]</p>",
                state);

        assertThat(html).isEqualTo("<p>A-17</p><p>mug</p><p>Ada</p><p>pro</p><p>signup</p>");
    }

    @Test
    void escapesMarkupFromStateInHtml() {
        RenderState state = data("{\"name\":\"<script>alert('x')</script> & co\"}");

        String html = html(
                "<p th:text=\"${data.name}\">x</p><p>[[${data.name}]]</p>"
                        + "<a th:title=\"${data.name}\" href=\"#\">x</a>",
                state);

        assertThat(html)
                .doesNotContain("<script>")
                .isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</p>"
                        + "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</p>"
                        + "<a title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co\" href=\"#\">x</a>");
    }

    @Test
    void templateSyntaxInsideStateIsInertText() {
        String evil = "${T(java.lang.Runtime).getRuntime()} __${7*7}__ [[${data.secret}]] [(${data.secret})]";
        RenderState state = data("{\"evil\":\"" + evil + "\",\"secret\":\"s3cret\"}");

        RenderedEmail email = renderer.render(
                new TemplateContent(
                        "[[${data.evil}]]",
                        "<p th:text=\"${data.evil}\">x</p><p>[[${data.evil}]]</p>",
                        "[[${data.evil}]]"),
                state);

        assertThat(email.html()).isEqualTo("<p>" + evil + "</p><p>" + evil + "</p>");
        assertThat(email.subject()).isEqualTo(evil);
        assertThat(email.text()).isEqualTo(evil);
        assertThat(email.html() + email.subject() + email.text()).doesNotContain("49", "s3cret");
    }

    @Test
    void iteratesListsWithStatusVariableAndObjectsAsEntries() {
        RenderState state = data("{\"items\":[{\"name\":\"cup\"},{\"name\":\"mug\"},{\"name\":\"jar\"}],"
                + "\"totals\":{\"net\":10,\"vat\":2}}");

        String html = html(
                "<ul><li th:each=\"item, st : ${data.items}\" th:text=\"${st.count} + '/' + ${st.size}"
                        + " + ' ' + ${item.name}\" th:classappend=\"${st.last} ? 'last'\" class=\"i\">x</li></ul>"
                        + "<th:block th:each=\"line : ${data.totals}\">[[${line.key}]]=[[${line.value}]];</th:block>"
                        + "<i th:each=\"item : ${data.items}\" th:if=\"${itemStat.first}\" th:text=\"${itemStat.current.name}\"></i>",
                state);

        assertThat(html)
                .isEqualTo("<ul><li class=\"i\">1/3 cup</li><li class=\"i\">2/3 mug</li>"
                        + "<li class=\"i last\">3/3 jar</li></ul>net=10;vat=2;<i>cup</i>");
    }

    @Test
    void comparesOutsideTheBraces() {
        String template = "<p th:if=\"${data.total} > 100\">big</p><p th:if=\"${data.plan} == 'pro'\">pro</p>"
                + "<p th:unless=\"${data.vip}\">regular</p>"
                + "<p th:switch=\"${data.plan}\"><b th:case=\"'pro'\">P</b><b th:case=\"*\">other</b></p>";

        assertThat(html(template, data("{\"total\":150,\"plan\":\"pro\",\"vip\":false}")))
                .isEqualTo("<p>big</p><p>pro</p><p>regular</p><p><b>P</b></p>");
        assertThat(html(template, data("{\"total\":99.5,\"plan\":\"free\",\"vip\":true}")))
                .isEqualTo("<p><b>other</b></p>");
    }

    @Test
    void rendersIntegralNumbersWithoutFraction() {
        String html = html(
                "[[${data.a}]] [[${data.b}]] [[${data.c}]] [[${data.d}]] [[${data.a} + 1]]",
                data("{\"a\":42,\"b\":42.0,\"c\":1e3,\"d\":10.50}"));

        assertThat(html).isEqualTo("42 42 1000 10.50 43");
    }

    @Test
    void missingPathsRenderEmpty() {
        String html = html(
                "<p th:text=\"${data.nope.deeper}\">placeholder</p><p th:text=\"${data.list[5]}\">x</p>"
                        + "<p th:text=\"${data.list.name}\">x</p><p>[[${profile.none}]]</p><p th:text=\"${unknown.root}\">x</p>",
                data("{\"list\":[1]}"));

        assertThat(html).isEqualTo("<p></p><p></p><p></p><p></p><p></p>");
    }

    @Test
    void rendersSubjectAndTextAsPlainText() {
        RenderState state = data("{\"name\":\"Tom & <Jerry>\",\"note\":\"line one\\r\\nBcc: x@example.com\"}");

        RenderedEmail email = renderer.render(
                new TemplateContent(
                        "Hi [[${data.name}]] <b th:text=\"${data.name}\">x</b> [[${data.note}]]",
                        "<p>[[${data.name}]]</p>",
                        "Dear [[${data.name}]],\n[# th:if=\"${data.name} != null\"]known[/]"),
                state);

        // TEXT mode: markup is not parsed and values are not HTML-escaped, and a subject stays on one line.
        assertThat(email.subject())
                .isEqualTo("Hi Tom & <Jerry> <b th:text=\"${data.name}\">x</b> line one Bcc: x@example.com");
        assertThat(email.text()).isEqualTo("Dear Tom & <Jerry>,\nknown");
        assertThat(email.html()).isEqualTo("<p>Tom &amp; &lt;Jerry&gt;</p>");
    }

    @Test
    void rendersTheSameContentWithEachStateAcrossThreads() throws Exception {
        TemplateContent content = new TemplateContent(
                "Hi [[${data.n}]]",
                "<p th:each=\"i : ${data.items}\" th:text=\"${data.n} + '-' + ${i}\">x</p>",
                "[[${data.n}]]");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RenderedEmail>> results = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                RenderState state = data("{\"n\":" + n + ",\"items\":[1,2]}");
                results.add(pool.submit(() -> renderer.render(content, state)));
            }
            for (int n = 0; n < 200; n++) {
                RenderedEmail email = results.get(n).get();
                assertThat(email.subject()).isEqualTo("Hi " + n);
                assertThat(email.html()).isEqualTo("<p>" + n + "-1</p><p>" + n + "-2</p>");
                assertThat(email.text()).isEqualTo(String.valueOf(n));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renderFailureMessageIsShortAndNamesNoJavaClasses() {
        String template = "<div>" + "padding ".repeat(50) + "</div><p th:if=\"${data.total} > 100\">x</p>";

        assertThatThrownBy(() -> html(template, data("{}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("The html template cannot be rendered: line 1:")
                        .doesNotContain("org.thymeleaf", "Exception", "padding", "\n")
                        .hasSizeLessThan(200));
    }

    @Test
    void refusesStateThatIsNotAJsonObject() {
        TemplateContent content = new TemplateContent("s", "<p>x</p>", null);

        assertThatThrownBy(() -> renderer.render(content, data("[1,2]")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("'data'");
        assertThatThrownBy(() -> renderer.render(content, new RenderState("{}", "{not json", "{}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("'profile'");
    }

    // --- limits: one render cannot monopolise a node ----------------------------------------------------------

    private static String zeros(int items) {
        return "[" + "0,".repeat(items - 1) + "0]";
    }

    @Test
    void nestedLoopBombFailsFastWithinTheStepBudget() {
        String bomb = "<i th:each=\"a : ${data.l}\"><b th:each=\"b : ${data.l}\" th:text=\"${b}\">x</b></i>";

        assertThatThrownBy(() -> html(bomb, data("{\"l\":" + zeros(2000) + "}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessage("The html template cannot be rendered: the template did more than " + RenderBudget.MAX_STEPS
                        + " steps");
    }

    @Test
    void loopsThatOutputNothingAreCountedToo() {
        // 128k items fit the 256 KiB data limit; without counting, these ran for minutes to hours.
        RenderState items = data("{\"l\":" + zeros(128_000) + ",\"f\":false}");
        List<String> silent = List.of(
                "<th:block th:each=\"a : ${data.l}\"><th:block th:each=\"b : ${data.l}\"></th:block></th:block>",
                // Skipped and output-free bodies still cost every iteration a walk over all their events.
                "<i th:each=\"x : ${data.l}\" th:if=\"${data.f}\">" + "<b></b>".repeat(10_000) + "</i>",
                "<th:block th:each=\"x : ${data.l}\">" + "<th:block></th:block>".repeat(10_000) + "</th:block>");

        for (String template : silent) {
            assertThatThrownBy(() -> html(template, items))
                    .isInstanceOf(TemplateRenderFailedException.class)
                    .hasMessageContaining("steps");
        }
        assertThatThrownBy(() -> renderer.render(
                        new TemplateContent(
                                "s", "<p>x</p>", "[# th:each=\"a : ${data.l}\"][# th:each=\"b : ${data.l}\"][/][/]"),
                        items))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageStartingWith("The text template cannot be rendered")
                .hasMessageContaining("steps");
    }

    @Test
    void largeValuesCostMoreThanSmallOnes() {
        // Comparing a 256 KiB list with itself costs about its size every time.
        RenderState state = data("{\"l\":" + zeros(100) + ",\"m\":" + zeros(128_000) + "}");

        assertThatThrownBy(() -> html("<p th:each=\"x : ${data.l}\" th:if=\"${data.m} == ${data.m}\">y</p>", state))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("steps");
        assertThatThrownBy(() -> html("<p th:each=\"x : ${data.l}\" th:if=\"${data.m} + '' == ''\">y</p>", state))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("steps");
        // Only what costs is charged: testing or navigating a large value is as cheap as a small one.
        assertThat(html("<p th:each=\"x : ${data.l}\" th:if=\"${data.m}\" th:text=\"${data.m[5]}\">y</p>", state))
                .isEqualTo("<p>0</p>".repeat(100));
    }

    @Test
    void theBudgetBelongsToEachRenderAndFitsLargeOrdinaryTemplates() throws Exception {
        // About 3 steps per item: a loop of 20,000 lines with an expression each renders, on any number of threads.
        TemplateContent content = new TemplateContent("s", "<p th:each=\"x : ${data.l}\" th:text=\"${x}\">x</p>", null);
        RenderState state = data("{\"l\":" + zeros(20_000) + "}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RenderedEmail>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> renderer.render(content, state)));
            }
            for (Future<RenderedEmail> result : results) {
                assertThat(result.get().html()).hasSize(20_000 * "<p>0</p>".length());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outputIsCappedPerPart() {
        String kilobyte = "y".repeat(1024);

        assertThatThrownBy(() ->
                        html("<p th:each=\"x : ${data.l}\">" + kilobyte + "</p>", data("{\"l\":" + zeros(3000) + "}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessage("The html template cannot be rendered: the rendered html is larger than 2 MiB");
        assertThatThrownBy(() -> renderer.render(
                        new TemplateContent("s", "<p>x</p>", "[# th:each=\"x : ${data.l}\"]" + kilobyte + "[/]"),
                        data("{\"l\":" + zeros(3000) + "}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessage("The text template cannot be rendered: the rendered text is larger than 2 MiB");
        assertThatThrownBy(() -> renderer.render(
                        new TemplateContent(
                                "[# th:each=\"x : ${data.l}\"]" + "y".repeat(900) + "[/]", "<p>x</p>", null),
                        data("{\"l\":" + zeros(20) + "}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessage("The subject template cannot be rendered: the rendered subject is larger than 16 KiB");
        // Just under the cap is fine.
        assertThat(html(
                        "<th:block th:each=\"x : ${data.l}\">" + kilobyte + "</th:block>",
                        data("{\"l\":" + zeros(2047) + "}")))
                .hasSize(2047 * 1024);
    }

    @Test
    void refusesNumbersInStateTooLargeToComputeWith() {
        TemplateContent content = new TemplateContent("s", "<p>[[${data.a} + ${data.b}]]</p>", null);

        for (String number : List.of(
                "1e20000000",
                "1e-20000000",
                "-2.5E1002",
                "1e-1001",
                "1e99999999999",
                "1" + "0".repeat(150),
                "0." + "1".repeat(150),
                "7".repeat(5000))) {
            assertThatThrownBy(() -> renderer.render(content, data("{\"a\":" + number + ",\"b\":1}")))
                    .as(number)
                    .isInstanceOf(TemplateRenderFailedException.class)
                    .hasMessageStartingWith("The template state 'data' holds a number that is too large");
        }
        assertThatThrownBy(() -> renderer.render(content, new RenderState("{}", "{\"deep\":{\"x\":[1e5000]}}", "{}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("'profile'", "too large");
        // Within the limits, and zero whatever its exponent.
        String sum = renderer.render(content, data("{\"a\":-2.5E1001,\"b\":0e99999999}"))
                .html();
        assertThat(new BigDecimal(sum.substring(3, sum.length() - 4))).isEqualByComparingTo("-2.5E1001");
    }

    @Test
    void arithmeticOnOrdinaryNumbersStaysExactAndCheap() {
        String a = "9".repeat(100);
        RenderState state = data("{\"a\":" + a + ",\"b\":" + a + ",\"c\":1e-1000,\"d\":1e1000,\"p\":9.50}");

        String html = html(
                "[[${data.a} * ${data.b}]]|[[${data.a} + ${data.b}]]|[[${data.c} + ${data.d} > 0]]"
                        + "|[[${data.p} * 3 / 4]]|[[${data.a} % 7]]|[[-${data.p}]]",
                state);

        BigInteger nines = new BigInteger(a);
        assertThat(html.split("\\|"))
                .containsExactly(
                        nines.pow(2).toString(),
                        nines.add(nines).toString(),
                        "true",
                        "7.125",
                        nines.mod(BigInteger.valueOf(7)).toString(),
                        "-9.50");
        // A product of products would grow without bound; past the limits it is refused rather than computed.
        assertThatThrownBy(() -> html("[[" + "${data.c} * ".repeat(5) + "1 + 1]]", state))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("a number is too large to compute with");
    }

    @Test
    void textsThatLookLikeHugeNumbersStayText() {
        String digits = "7".repeat(300);
        RenderState state = data("{\"e\":\"1e20000000\",\"one\":\"1\",\"digits\":\"" + digits + "\",\"small\":\"40\"}");

        // Printing, joining and comparing them works as text ...
        assertThat(html(
                        "[[${data.e} + ${data.one}]]|<b th:text=\"${data.digits}\">x</b>|[[${data.digits} == ${data.digits}]]"
                                + "|[[${data.e} == '1e20000000']]|[[${data.small} + 2]]",
                        state))
                .isEqualTo("1e200000001|<b>" + digits + "</b>|true|true|42");
        // ... but they are never computed with, whether they come from the state or the template.
        for (String expression : List.of(
                "${data.e} * 2",
                "${data.digits} - 1",
                "-${data.digits}",
                "('1e' + '99999999') * 1 + 0.1",
                "-('1e' + '99999999') + 0.1",
                "(${data.e} + '') / 3")) {
            assertThatThrownBy(() -> html("[[" + expression + "]]", state))
                    .as(expression)
                    .isInstanceOf(TemplateRenderFailedException.class)
                    .hasMessageContaining("a number is too large to compute with");
        }
        assertThat(html("[[(${data.one} == '1' ? '1e99999999' : 0) + 0.1]]|[[1e99999999 + 0.1]]", state))
                .isEqualTo("1e999999990.1|1e999999990.1");
        assertThat(html(
                        "<div th:switch=\"('1e' + '99999999')\"><p th:case=\"'1'\">one</p><p th:case=\"*\">other</p></div>",
                        state))
                .isEqualTo("<div><p>other</p></div>");
    }

    @Test
    void linksMayOnlyJoinTextAndPaths() {
        assertThat(html(
                        "<a th:href=\"@{https://shop.example/{id}(id=${data.a} + '-' + ${data.b}, utm=${data.c} ?: 'mail')}\">x</a>",
                        data("{\"a\":1,\"b\":2}")))
                .isEqualTo("<a href=\"https://shop.example/1-2?utm=mail\">x</a>");

        String computing = "<a th:href=\"@{https://shop.example/(n=${data.a} * 2)}\">x</a>";
        assertThat(check(computing))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("${data.a} * 2", "inside @{...} only"));
        assertThatThrownBy(() -> html(computing, data("{\"a\":1}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("inside @{...} only");
    }

    @Test
    void checkRefusesLongExpressionsAndComputedLoopVariables() {
        assertThat(check("<p th:text=\"" + "${data.a} + ".repeat(200) + "1\">x</p>"))
                .singleElement()
                .satisfies(e -> assertThat(e.message())
                        .contains("at most " + ExpressionPolicy.MAX_EXPRESSION_LENGTH + " characters"));
        // A computed name could shadow the render's own variables.
        String computedName = "<p th:each=\"${data.n} : ${data.l}\">x</p>";
        assertThat(check(computedName))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("loop variables must be plain names"));
        assertThatThrownBy(() -> html(computedName, data("{\"n\":\"%segmentflow.renderBudget\",\"l\":[1]}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageContaining("loop variables must be plain names");
        assertThat(check("<p th:each=\"item, st : ${data.l}\" th:text=\"${st.count}\">x</p>"))
                .isEmpty();
    }

    // --- the template cache ------------------------------------------------------------------------------------

    @Test
    void cachesTemplatesUnderDigestsAndNeverMixesThemUp() throws Exception {
        ThymeleafTemplateRenderer fresh = new ThymeleafTemplateRenderer();
        // Sixty templates of exactly the same length, rendered all at once from several threads, repeatedly.
        List<TemplateContent> contents = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            String tag = String.format(Locale.ROOT, "%03d", n);
            contents.add(new TemplateContent(
                    "S" + tag + " [[${data.v}]]",
                    "<p class=\"t" + tag + "\" th:text=\"${data.v}\">x</p>",
                    "T" + tag + " [[${data.v}]]"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int n = 0; n < contents.size(); n++) {
                    TemplateContent content = contents.get(n);
                    String tag = String.format(Locale.ROOT, "%03d", n);
                    String v = round + "-" + n;
                    results.add(pool.submit(() -> {
                        RenderedEmail email = fresh.render(content, data("{\"v\":\"" + v + "\"}"));
                        assertThat(email.subject()).isEqualTo("S" + tag + " " + v);
                        assertThat(email.html()).isEqualTo("<p class=\"t" + tag + "\">" + v + "</p>");
                        assertThat(email.text()).isEqualTo("T" + tag + " " + v);
                        return null;
                    }));
                }
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // Keys are digests, not sources: 3 parts of 60 templates.
        assertThat(fresh.cachedTemplateNames())
                .hasSize(180)
                .allSatisfy(name -> assertThat(name).matches("segmentflow-(html|text)-[0-9a-f]{64}"));
    }

    @Test
    void theSameSourceIsADifferentTemplateInEachMode() {
        String source = "<b>[[${data.v}]]</b>";

        RenderedEmail email = renderer.render(new TemplateContent(source, source, source), data("{\"v\":\"<&>\"}"));

        assertThat(email.subject()).isEqualTo("<b><&></b>");
        assertThat(email.text()).isEqualTo("<b><&></b>");
        assertThat(email.html()).isEqualTo("<b>&lt;&amp;&gt;</b>");
    }

    @Test
    void digestsTellApartStringsThatEncodeAlike() {
        // Unpaired surrogates all encode to '?' in UTF-8; the digest is over the UTF-16 code units instead.
        assertThat(DigestTemplateResolver.nameOf("a\uD800", TemplateMode.HTML))
                .isNotEqualTo(DigestTemplateResolver.nameOf("a\uDBFF", TemplateMode.HTML))
                .isNotEqualTo(DigestTemplateResolver.nameOf("a?", TemplateMode.HTML))
                .isNotEqualTo(DigestTemplateResolver.nameOf("a\uD800", TemplateMode.TEXT));
        // Nothing resolves outside a render.
        assertThat(new DigestTemplateResolver()
                        .resolveTemplate(
                                null, null, DigestTemplateResolver.nameOf("<p>x</p>", TemplateMode.HTML), Map.of()))
                .isNull();
    }

    @Test
    void theTemplateCacheIsBounded() {
        ThymeleafTemplateRenderer fresh = new ThymeleafTemplateRenderer();
        for (int n = 0; n < 700; n++) {
            fresh.render(new TemplateContent("s", "<p>" + n + "</p>", null), RenderState.EMPTY);
        }

        assertThat(fresh.cachedTemplateNames().size()).isLessThanOrEqualTo(500);
    }

    @Test
    void theNamesKeptPerContentAreBounded() {
        ThymeleafTemplateRenderer fresh = new ThymeleafTemplateRenderer();
        for (int n = 0; n < ThymeleafTemplateRenderer.CONTENTS_KEPT + 200; n++) {
            fresh.render(new TemplateContent("s", "<p>" + n + "</p>", null), RenderState.EMPTY);

            assertThat(fresh.contentsKept()).isBetween(1, ThymeleafTemplateRenderer.CONTENTS_KEPT);
        }
    }

    @Test
    void contentsRenderedOftenKeepTheirOwnTemplatesAndTheirChecks() {
        ThymeleafTemplateRenderer fresh = new ThymeleafTemplateRenderer();
        TemplateContent first = new TemplateContent("A [[${data.v}]]", "<p th:text=\"${data.v}\">x</p>", null);
        // Equal in every part but the HTML, whose digest therefore differs.
        TemplateContent second = new TemplateContent("A [[${data.v}]]", "<i th:text=\"${data.v}\">x</i>", null);
        TemplateContent refused = new TemplateContent("A", "<p th:text=\"${T(java.lang.Runtime)}\">x</p>", null);

        for (int n = 0; n < 3; n++) {
            assertThat(fresh.render(first, data("{\"v\":\"" + n + "\"}")).html())
                    .isEqualTo("<p>" + n + "</p>");
            assertThat(fresh.render(second, data("{\"v\":\"" + n + "\"}")).html())
                    .isEqualTo("<i>" + n + "</i>");
            // The expression policy acts on every render, not only the first.
            assertThatThrownBy(() -> fresh.render(refused, RenderState.EMPTY))
                    .isInstanceOf(TemplateRenderFailedException.class);
        }
        assertThat(fresh.contentsKept()).isEqualTo(3);
    }

    // --- the layers behind the attribute guard --------------------------------------------------------------

    @Test
    void evaluatorResolvesOnlyPathsEvenWithoutTheGuard() {
        ExpressionContext context = new ExpressionContext(
                new TemplateEngine().getConfiguration(),
                Locale.ROOT,
                Map.of("data", Map.of("name", "Ada", "list", List.of("x"))));
        PathExpressionEvaluator evaluator = new PathExpressionEvaluator();

        assertThat(evaluator.evaluate(
                        context, new VariableExpression("data.name"), StandardExpressionExecutionContext.NORMAL))
                .isEqualTo("Ada");
        assertThat(evaluator.evaluate(
                        context,
                        new VariableExpression(" data['list'][0] "),
                        StandardExpressionExecutionContext.NORMAL))
                .isEqualTo("x");
        for (String expression : List.of(
                "data.name.length()",
                "T(java.lang.Runtime).getRuntime()",
                "new java.util.Date()",
                "#ctx",
                "#strings.isEmpty(data.name)",
                "@bean",
                "data.name == 'Ada'",
                "data.list.![x]",
                "data[0 + 1]")) {
            assertThatThrownBy(() -> evaluator.evaluate(
                            context, new VariableExpression(expression), StandardExpressionExecutionContext.NORMAL))
                    .as(expression)
                    .isInstanceOf(TemplateProcessingException.class);
        }
    }

    @Test
    void parserRefusesPreprocessingBeforeAnythingIsEvaluated() {
        ExpressionContext context = new ExpressionContext(new TemplateEngine().getConfiguration());
        GuardedExpressionParser parser = new GuardedExpressionParser(new StandardExpressionParser());

        assertThat(parser.parseExpression(context, "${data.total} > 100")).isNotNull();
        assertThatThrownBy(() -> parser.parseExpression(context, "__${data.expr}__"))
                .isInstanceOf(TemplateProcessingException.class)
                .hasMessageContaining("preprocessing");
    }

    // --- checking ----------------------------------------------------------------------------------------

    static Stream<Arguments> forbiddenTemplates() {
        return Stream.of(
                Arguments.of(
                        "method call", "<p th:text=\"${data.name.toUpperCase()}\">x</p>", "${data.name.toUpperCase()}"),
                Arguments.of(
                        "static access",
                        "<p th:text=\"${T(java.lang.Runtime).getRuntime()}\">x</p>",
                        "T(java.lang.Runtime)"),
                Arguments.of("new", "<p th:text=\"${new java.util.Date()}\">x</p>", "${new java.util.Date()}"),
                Arguments.of("#ctx", "<p th:text=\"${#ctx}\">x</p>", "${#ctx}"),
                Arguments.of("#strings", "<p th:text=\"${#strings.toUpperCase(data.name)}\">x</p>", "#strings"),
                Arguments.of("bean", "<p th:text=\"${@mailer}\">x</p>", "${@mailer}"),
                Arguments.of("operator in braces", "<p th:if=\"${data.total > 100}\">x</p>", "${data.total > 100}"),
                Arguments.of("projection", "<p th:text=\"${data.items.![sku]}\">x</p>", "${data.items.![sku]}"),
                Arguments.of("preprocessing", "<p th:text=\"__${data.expr}__\">x</p>", "__${data.expr}__"),
                Arguments.of("escaped preprocessing", "<p th:text=\"&#95;_${data.expr}__\">x</p>", "__${data.expr}__"),
                Arguments.of(
                        "preprocessing in th:each", "<p th:each=\"i : __${data.expr}__\">x</p>", "__${data.expr}__"),
                Arguments.of("inline preprocessing", "<p>[[__${data.expr}__]]</p>", "__${data.expr}__"),
                Arguments.of("th:utext", "<p th:utext=\"${data.name}\">x</p>", "th:utext"),
                Arguments.of("data-th-utext", "<p data-th-utext=\"${data.name}\">x</p>", "data-th-utext"),
                Arguments.of("unescaped inlining", "<p>[(${data.name})]</p>", "[(...)]"),
                Arguments.of("th:insert", "<div th:insert=\"~{footer :: copy}\">x</div>", "th:insert"),
                Arguments.of("th:replace", "<div th:replace=\"footer\">x</div>", "th:replace"),
                Arguments.of("fragment expression", "<div th:text=\"~{footer}\">x</div>", "~{footer}"),
                Arguments.of("th:with", "<p th:with=\"n=${data.name}\" th:text=\"${n}\">x</p>", "th:with"),
                Arguments.of("th:attr", "<p th:attr=\"title=${data.name}\">x</p>", "th:attr"),
                Arguments.of("th:object", "<p th:object=\"${data}\">x</p>", "th:object"),
                Arguments.of("selection", "<p th:text=\"*{name}\">x</p>", "*{name}"),
                Arguments.of("message", "<p th:text=\"#{greeting}\">x</p>", "#{greeting}"),
                Arguments.of("javascript inlining", "<script th:inline=\"javascript\">var n = 1;</script>", "<script>"),
                Arguments.of("css inlining", "<p th:inline=\"css\">x</p>", "th:inline"),
                Arguments.of("event handler", "<p th:onclick=\"${data.js}\">x</p>", "th:onclick"),
                Arguments.of("event handler named", "<p th:onmouseover=\"${data.js}\">x</p>", "event handler"),
                Arguments.of("th:style", "<p th:style=\"${data.css}\">x</p>", "style attributes"),
                Arguments.of("th:styleappend", "<p th:styleappend=\"${data.css}\">x</p>", "style attributes"),
                Arguments.of("inline in script", "<script>var n = [[${data.name}]];</script>", "inside <script>"),
                Arguments.of("inline in SCRIPT", "<SCRIPT>var n = [[${data.name}]];</SCRIPT>", "inside <script>"),
                Arguments.of("th:text on script", "<script th:text=\"${data.name}\"></script>", "inside <script>"),
                Arguments.of("th:href on link", "<link rel=\"stylesheet\" th:href=\"${data.css}\">", "<link>"),
                Arguments.of("th:href on base", "<base th:href=\"${data.base}\">", "<base>"),
                Arguments.of("th:src on iframe", "<iframe th:src=\"${data.page}\"></iframe>", "<img> only"),
                Arguments.of("th:src on script", "<p><embed th:src=\"${data.page}\"></p>", "<img> only"),
                Arguments.of("inline in style", "<style>p { color: [[${data.name}]] }</style>", "inside <style>"),
                Arguments.of(
                        "link with a call",
                        "<a th:href=\"@{https://shop.example/o(id=${data.id.hashCode()})}\">x</a>",
                        "${data.id.hashCode()}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenTemplates")
    void checkRefusesAndRenderFails(String construct, String html, String named) {
        assertThat(check(html)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("html");
            assertThat(error.message()).startsWith("line 1: ").contains(named);
        });
        // A template that somehow skipped the check must still not run.
        assertThatThrownBy(() -> html(html, data("{\"name\":\"n\",\"id\":\"1\",\"total\":5,\"expr\":\"7*7\"}")))
                .isInstanceOf(TemplateRenderFailedException.class)
                .hasMessageNotContaining("org.thymeleaf");
    }

    @Test
    void checkNamesTheFieldOfEachProblem() {
        List<FieldError> errors = renderer.check(new TemplateContent(
                "Hi [(${data.name})]",
                "<p th:text=\"${data.a.b()}\" th:title=\"${#ctx}\">x</p>",
                "[# th:utext=\"${data.x}\"/]"));

        assertThat(errors).extracting(FieldError::field).containsExactly("subject", "html", "html", "text");
    }

    @Test
    void checkReportsMalformedTemplatesAndExpressions() {
        assertThat(check("<p th:text=\"${data.x}\""))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("cannot be parsed"));
        assertThat(check("<p th:if=\"${data.total} >\">x</p>"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.message()).contains("th:if=\"${data.total} >\"", "not a valid expression"));
        assertThat(check("<p th:text=\"${data.x\">x</p>"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("unterminated"));
        assertThat(renderer.check(new TemplateContent("s", "<p>x</p>", "[# th:each=\"i : ${data.items}\"] [[${i}]]")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("text");
                    assertThat(e.message()).contains("cannot be parsed");
                });
    }

    @Test
    void checkAcceptsARealisticReceiptWhichThenRenders() {
        TemplateContent receipt = new TemplateContent("Your receipt for order [[${data.order.number}]]", """
                <!DOCTYPE html>
                <html xmlns:th="http://www.thymeleaf.org">
                <head><style>td { padding: 4px; }</style></head>
                <body>
                  <!--[if mso]><table><tr><td><![endif]-->
                  <h1>Thanks, <span th:text="${profile.firstName} ?: 'friend'">customer</span>!</h1>
                  <table>
                    <tr th:each="line, st : ${data.order.lines}" th:classappend="${st.odd} ? 'odd'">
                      <td th:text="${line.name}">Item</td>
                      <td th:text="${line.qty} + ' x ' + ${line.price}">1 x 0</td>
                    </tr>
                  </table>
                  <p th:if="${data.order.total} > 100">You qualify for free shipping.</p>
                  <p th:unless="${data.order.total} > 100">Shipping: [[${data.order.shipping}]]</p>
                  <div th:switch="${profile.plan}">
                    <p th:case="'pro'">Pro members earn double points.</p>
                    <p th:case="*">Upgrade to pro!</p>
                  </div>
                  <th:block th:if="${data.order.coupon}"><p data-th-text="|Coupon ${data.order.coupon} applied|">c</p></th:block>
                  <a th:href="@{https://shop.example/orders/{id}(id=${data.order.number})}" th:title="${data.order['number']}">View</a>
                  <img th:src="${data.brand.logo}" th:alt="${data.brand.name}" src="placeholder.png">
                  <p th:remove="all">Preview-only sample text</p>
                  <!--[if mso]></td></tr></table><![endif]-->
                </body>
                </html>
                """, """
                Thanks [[${profile.firstName}]]!
                [# th:each="line : ${data.order.lines}"]- [[${line.qty}]] x [[${line.name}]]
                [/]Total: [[${data.order.total}]]
                """);

        assertThat(renderer.check(receipt)).isEmpty();

        RenderedEmail email = renderer.render(
                receipt,
                new RenderState(
                        "{\"order\":{\"number\":\"1001\",\"total\":120,\"shipping\":5,\"coupon\":\"SPRING\","
                                + "\"lines\":[{\"name\":\"Cup\",\"qty\":2,\"price\":9.50},{\"name\":\"Mug\",\"qty\":1,\"price\":12}]},"
                                + "\"brand\":{\"logo\":\"https://cdn.example/logo.png\",\"name\":\"Shop\"}}",
                        "{\"firstName\":\"Ada\",\"plan\":\"pro\"}",
                        "{}"));

        assertThat(email.subject()).isEqualTo("Your receipt for order 1001");
        assertThat(email.html())
                .contains(
                        "Thanks, <span>Ada</span>!",
                        "<td>Cup</td>",
                        "<td>2 x 9.50</td>",
                        "<tr class=\"odd\">",
                        "You qualify for free shipping.",
                        "Pro members earn double points.",
                        "<p>Coupon SPRING applied</p>",
                        "<a href=\"https://shop.example/orders/1001\" title=\"1001\">View</a>",
                        "<img alt=\"Shop\" src=\"https://cdn.example/logo.png\">",
                        "<!--[if mso]><table><tr><td><![endif]-->")
                .doesNotContain("th:", "Shipping:", "Upgrade", "Preview-only", "xmlns:th");
        assertThat(email.text()).isEqualTo("Thanks Ada!\n- 2 x Cup\n- 1 x Mug\nTotal: 120\n");
    }

    @Test
    void chains_of_unary_operators_that_would_explode_the_parser_are_refused_before_parsing() {
        String exploding = "<p th:if=\"" + "-1*!".repeat(16) + "1\">x</p>";
        String longChain = "<p th:text=\"${data.a}" + " - -${data.a}".repeat(12) + "\">x</p>";

        assertThat(check(exploding))
                .extracting(FieldError::message)
                .anySatisfy(m -> assertThat(m).contains("at most"));
        assertThat(check(longChain))
                .extracting(FieldError::message)
                .anySatisfy(m -> assertThat(m).contains("at most"));
    }

    @Test
    void hyphens_in_link_addresses_and_text_are_not_operators() {
        String html = "<a th:href=\"@{https://my-long-shop-name.example/order-status-page/x-y-z(id=${data.id})}\""
                + " th:text=\"|Order - ${data.id} - see - your - order - status - a - b - c|\">o</a>"
                + "<p th:text=\"'a-b-c-d-e-f-g-h-i-j'\">t</p>";

        assertThat(check(html)).isEmpty();
    }

    @Test
    void testing_a_large_list_against_null_inside_a_loop_is_cheap() {
        StringBuilder articles = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            articles.append(i == 0 ? "" : ",")
                    .append("{\"title\":\"")
                    .append("t".repeat(400))
                    .append("\"}");
        }
        RenderState state = data("{\"articles\":" + articles + "]}");

        String out =
                html("<div th:each=\"a : ${data.articles}\"><p th:if=\"${data.articles} != null\">x</p></div>", state);

        assertThat(out).contains("<p>x</p>");
    }

    @Test
    void an_element_with_thousands_of_attributes_cannot_carry_a_loop() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            attributes.append(" b").append(i);
        }
        String html = "<p th:each=\"x : ${data.l}\" th:if=\"${data.f}\"" + attributes + ">y</p>";

        assertThat(check(html))
                .extracting(FieldError::message)
                .anySatisfy(m -> assertThat(m).contains("at most 200"));
    }

    // --- values where they land --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "JavaScript:alert(1)",
                "  javascript:alert(1)",
                "java\tscript:alert(1)",
                "\u0001javascript:alert(1)",
                "java\nscript:alert(1)",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                "vbscript:msgbox",
                "file:///etc/passwd",
                "DATA:image/svg+xml,<svg onload=alert(1)>"
            })
    void a_value_that_is_not_a_safe_url_becomes_a_harmless_link_and_the_render_says_so(String url) {
        RenderState state = data("{\"url\":\""
                + url.replace("\\", "\\\\")
                        .replace("\t", "\\t")
                        .replace("\n", "\\n")
                        .replace("\u0001", "\\u0001") + "\"}");

        RenderedEmail email = renderer.render(
                new TemplateContent("s", "<a th:href=\"${data.url}\">x</a><img th:src=\"${data.url}\">", null), state);

        assertThat(email.html())
                .isEqualTo("<a href=\"about:invalid#unsafe-url\">x</a><img src=\"about:invalid#unsafe-url\">");
        assertThat(email.warnings())
                .hasSize(2)
                .allSatisfy(w -> assertThat(w).contains("not http, https, mailto, tel or relative"));
        assertThat(email.warnings().get(0)).startsWith("line 1: th:href=\"${data.url}\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://shop.example/o?id=1",
                "HTTP://shop.example",
                "mailto:ada@example.com",
                "tel:+44123",
                "/orders/1",
                "orders/1?at=10:30",
                "#top",
                "//cdn.example/logo.png",
                "?page=2",
                ""
            })
    void links_with_allowed_schemes_and_relative_links_are_kept(String url) {
        RenderedEmail email = renderer.render(
                new TemplateContent("s", "<a th:href=\"${data.url}\">x</a><img th:src=\"${data.url}\">", null),
                data("{\"url\":\"" + url + "\"}"));

        String escaped = url.replace("&", "&amp;");
        assertThat(email.html()).isEqualTo("<a href=\"" + escaped + "\">x</a><img src=\"" + escaped + "\">");
        assertThat(email.warnings()).isEmpty();
    }

    @Test
    void script_and_style_without_expressions_stay_as_written() {
        String html = "<style>td { padding: 4px; }</style><script type=\"application/ld+json\">{\"a\": 1}</script>"
                + "<p th:text=\"${data.name}\">x</p>";

        assertThat(check(html)).isEmpty();
        assertThat(html(html, data("{\"name\":\"Ada\"}")))
                .isEqualTo(
                        "<style>td { padding: 4px; }</style><script type=\"application/ld+json\">{\"a\": 1}</script><p>Ada</p>");
    }
}
