package io.segmentflow.adapters.out.render;

import java.util.LinkedHashSet;
import java.util.Set;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.expression.StandardExpressionParser;
import org.thymeleaf.standard.processor.StandardBlockTagProcessor;
import org.thymeleaf.standard.processor.StandardCaseTagProcessor;
import org.thymeleaf.standard.processor.StandardClassappendTagProcessor;
import org.thymeleaf.standard.processor.StandardIfTagProcessor;
import org.thymeleaf.standard.processor.StandardRemovableAttributeTagProcessor;
import org.thymeleaf.standard.processor.StandardRemoveTagProcessor;
import org.thymeleaf.standard.processor.StandardSwitchTagProcessor;
import org.thymeleaf.standard.processor.StandardTextTagProcessor;
import org.thymeleaf.standard.processor.StandardUnlessTagProcessor;
import org.thymeleaf.standard.processor.StandardValueTagProcessor;
import org.thymeleaf.standard.processor.StandardXmlNsTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * The standard dialect cut down for untrusted templates: the {@link PathExpressionEvaluator} instead of OGNL,
 * a parser that refuses preprocessing and guards what expressions compute, and only the processors of
 * {@link ExpressionPolicy}'s allow-list behind an {@link AttributeGuardProcessor}, with {@code th:each} replaced
 * by one that charges the {@link RenderBudget} for every iteration. It stays a {@link StandardDialect} because
 * Thymeleaf only turns {@code [[...]]} into {@code th:text} at parse time when the standard dialect is present.
 *
 * <p>There are deliberately no text, comment or CDATA processors: inlining therefore happens only through that
 * parse-time conversion, which the guard sees, and comments (including Outlook conditional comments) are
 * copied verbatim, never evaluated.
 */
final class CustomerTemplateDialect extends StandardDialect {
    private final boolean checkOnly;

    private CustomerTemplateDialect(boolean checkOnly) {
        this.checkOnly = checkOnly;
        setVariableExpressionEvaluator(new PathExpressionEvaluator());
        setExpressionParser(new GuardedExpressionParser(new StandardExpressionParser()));
    }

    static CustomerTemplateDialect forRendering() {
        return new CustomerTemplateDialect(false);
    }

    /** Only the guard, collecting: nothing is evaluated, so checking needs no template state. */
    static CustomerTemplateDialect forChecking() {
        return new CustomerTemplateDialect(true);
    }

    @Override
    public Set<IProcessor> getProcessors(String prefix) {
        Set<IProcessor> processors = new LinkedHashSet<>();
        processors.add(new AttributeGuardProcessor(TemplateMode.HTML, prefix, checkOnly));
        processors.add(new AttributeGuardProcessor(TemplateMode.TEXT, prefix, checkOnly));
        if (checkOnly) {
            return processors;
        }

        processors.add(new StandardTextTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new StandardIfTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new StandardUnlessTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new LoopBodyProcessor(TemplateMode.HTML, prefix));
        processors.add(new BudgetedEachTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new StandardSwitchTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new StandardCaseTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new StandardRemoveTagProcessor(TemplateMode.HTML, prefix));
        processors.add(new UrlAttributeTagProcessor(prefix, "href"));
        processors.add(new UrlAttributeTagProcessor(prefix, "src"));
        processors.add(new StandardValueTagProcessor(prefix));
        for (String name : new String[] {"alt", "title", "class"}) {
            processors.add(new StandardRemovableAttributeTagProcessor(prefix, name));
        }
        processors.add(new StandardClassappendTagProcessor(prefix));
        // Drops xmlns:th from the output; it is not a th: attribute, so the guard does not see it.
        processors.add(new StandardXmlNsTagProcessor(TemplateMode.HTML, prefix));
        processors.add(
                new StandardBlockTagProcessor(TemplateMode.HTML, prefix, StandardBlockTagProcessor.ELEMENT_NAME));

        processors.add(new PlainTextTagProcessor(prefix));
        processors.add(new StandardIfTagProcessor(TemplateMode.TEXT, prefix));
        processors.add(new StandardUnlessTagProcessor(TemplateMode.TEXT, prefix));
        processors.add(new LoopBodyProcessor(TemplateMode.TEXT, prefix));
        processors.add(new BudgetedEachTagProcessor(TemplateMode.TEXT, prefix));
        processors.add(new StandardSwitchTagProcessor(TemplateMode.TEXT, prefix));
        processors.add(new StandardCaseTagProcessor(TemplateMode.TEXT, prefix));
        processors.add(new StandardRemoveTagProcessor(TemplateMode.TEXT, prefix));
        processors.add(
                new StandardBlockTagProcessor(TemplateMode.TEXT, prefix, StandardBlockTagProcessor.ELEMENT_NAME));
        // The nameless element of the textual syntax: [# th:each="..."] ... [/]
        processors.add(new StandardBlockTagProcessor(TemplateMode.TEXT, null, ""));
        return processors;
    }
}
