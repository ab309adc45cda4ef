package io.segmentflow.adapters.out.render;

import java.util.Locale;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IAttribute;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.AbstractProcessor;
import org.thymeleaf.processor.element.IElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.processor.element.MatchingAttributeName;
import org.thymeleaf.processor.element.MatchingElementName;
import org.thymeleaf.standard.expression.Each;
import org.thymeleaf.standard.expression.StandardExpressionParser;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.util.EscapedAttributeUtils;

/**
 * Runs before every other processor on each element carrying a {@code th:} attribute and applies
 * {@link ExpressionPolicy} to all of them. When rendering it refuses the first violation, so nothing on the
 * element is evaluated; when checking it records every violation, plus expressions that do not parse, into
 * the {@link TemplateFindings} of the check.
 *
 * <p>Inlined {@code [[...]]} and {@code [(...)]} reach it too: the parser turns them into {@code th:text}
 * and {@code th:utext} attributes of a {@code th:block} before processing.
 */
final class AttributeGuardProcessor extends AbstractProcessor implements IElementTagProcessor {
    /** Before th:each (200) and everything else of the standard dialect. */
    private static final int PRECEDENCE = 0;

    private final String dialectPrefix;
    private final MatchingAttributeName matchingAttributeName;
    private final boolean collect;
    private final StandardExpressionParser eachParser = new StandardExpressionParser();

    AttributeGuardProcessor(TemplateMode templateMode, String dialectPrefix, boolean collect) {
        super(templateMode, PRECEDENCE);
        this.dialectPrefix = dialectPrefix;
        this.matchingAttributeName = MatchingAttributeName.forAllAttributesWithPrefix(templateMode, dialectPrefix);
        this.collect = collect;
    }

    static final int MAX_ATTRIBUTES = 200;

    @Override
    public MatchingElementName getMatchingElementName() {
        return null;
    }

    @Override
    public MatchingAttributeName getMatchingAttributeName() {
        return matchingAttributeName;
    }

    @Override
    public void process(ITemplateContext context, IProcessableElementTag tag, IElementTagStructureHandler handler) {
        TemplateMode mode = getTemplateMode();
        IAttribute[] attributes = tag.getAllAttributes();
        if (attributes.length > MAX_ATTRIBUTES) {
            // Every pass of a loop walks every attribute of its element; the step budget counts passes, not this.
            ExpressionPolicy.Violation tooMany = new ExpressionPolicy.Violation(
                    "an element with th: attributes may have at most " + MAX_ATTRIBUTES + " attributes",
                    "<" + tag.getElementCompleteName() + " ...>");
            refuseOrRecord(context, tooMany, tag.getLine(), tag.getCol());
            return;
        }
        ExpressionPolicy.Violation inElement = mode == TemplateMode.HTML ? elementViolation(context, tag) : null;
        if (inElement != null) {
            refuseOrRecord(context, inElement, tag.getLine(), tag.getCol());
            return;
        }
        for (IAttribute attribute : attributes) {
            AttributeName name = attribute.getAttributeDefinition().getAttributeName();
            // Prefixes are compared ignoring case even in case-sensitive modes: refusing more is harmless.
            if (!name.isPrefixed() || !dialectPrefix.equalsIgnoreCase(name.getPrefix())) {
                continue;
            }
            // Attribute values arrive still escaped; Thymeleaf evaluates them unescaped (&#95;&#95; is __).
            String value = attribute.getValue() == null
                    ? null
                    : EscapedAttributeUtils.unescapeAttribute(mode, attribute.getValue());
            String localName = name.getAttributeName().toLowerCase(Locale.ROOT);
            ExpressionPolicy.Violation violation =
                    ExpressionPolicy.attributeViolation(mode, attribute.getAttributeCompleteName(), localName, value);
            if (violation == null
                    && mode == TemplateMode.HTML
                    && (localName.equals("href") || localName.equals("src"))) {
                violation = ExpressionPolicy.urlElementViolation(
                        tag.getElementCompleteName().toLowerCase(Locale.ROOT), localName);
            }
            if (violation == null && collect) {
                violation = syntaxViolation(context, attribute.getAttributeCompleteName(), localName, value);
            }
            if (violation == null) {
                continue;
            }
            refuseOrRecord(context, violation, attribute.getLine(), attribute.getCol());
        }
    }

    /** When rendering, the first violation refuses the template; when checking, each one is recorded. */
    private void refuseOrRecord(ITemplateContext context, ExpressionPolicy.Violation violation, int line, int col) {
        if (!collect) {
            TemplateRefusedException refused = new TemplateRefusedException(violation);
            refused.setLineAndCol(line, col);
            throw refused;
        }
        TemplateFindings.of(context).add(line, violation);
    }

    /** Inlined {@code [[...]]} inside {@code <script>} arrives as a {@code th:block} within it, hence the ancestors. */
    private static ExpressionPolicy.Violation elementViolation(ITemplateContext context, IProcessableElementTag tag) {
        ExpressionPolicy.Violation violation =
                ExpressionPolicy.elementViolation(tag.getElementCompleteName().toLowerCase(Locale.ROOT));
        for (IProcessableElementTag ancestor : context.getElementStack()) {
            if (violation != null) {
                break;
            }
            violation = ExpressionPolicy.elementViolation(
                    ancestor.getElementCompleteName().toLowerCase(Locale.ROOT));
        }
        return violation;
    }

    /** Parses without evaluating, so that a template with a malformed expression is refused when saved. */
    private ExpressionPolicy.Violation syntaxViolation(
            ITemplateContext context, String completeName, String localName, String value) {
        String written = completeName + "=\"" + (value == null ? "" : value) + "\"";
        try {
            if (value == null || value.isBlank()) {
                return new ExpressionPolicy.Violation("an expression is required", written);
            }
            if (localName.equals("each")) {
                Each each = eachParser.parseEach(context, value);
                if (!BudgetedEachTagProcessor.hasPlainNames(each)) {
                    return new ExpressionPolicy.Violation(BudgetedEachTagProcessor.PLAIN_NAMES, written);
                }
                ExpressionGuard.guardIterable(value, each.getIterable());
            } else if (!(localName.equals("case") && value.strip().equals("*"))) {
                StandardExpressions.getExpressionParser(context.getConfiguration())
                        .parseExpression(context, value);
            }
            return null;
        } catch (TemplateRefusedException e) {
            return e.violation();
        } catch (TemplateProcessingException e) {
            return new ExpressionPolicy.Violation("is not a valid expression", written);
        }
    }
}
