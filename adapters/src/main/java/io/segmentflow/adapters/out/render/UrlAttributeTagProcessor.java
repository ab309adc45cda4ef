package io.segmentflow.adapters.out.render;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeDefinition;
import org.thymeleaf.engine.AttributeDefinitions;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.engine.IAttributeDefinitionsAware;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.processor.AbstractStandardExpressionAttributeTagProcessor;
import org.thymeleaf.standard.processor.StandardHrefTagProcessor;
import org.thymeleaf.standard.util.StandardProcessorUtils;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.util.EscapedAttributeUtils;

/**
 * {@code th:href} and {@code th:src} as the standard dialect writes them, except that a value that is not an
 * {@code http}, {@code https}, {@code mailto} or {@code tel} URL, nor a relative one, is replaced by
 * {@link #UNSAFE} and the render says so: escaping keeps markup out of an attribute, not
 * {@code javascript:} or {@code data:} out of a link.
 */
final class UrlAttributeTagProcessor extends AbstractStandardExpressionAttributeTagProcessor
        implements IAttributeDefinitionsAware {
    /** Navigates nowhere and runs nothing in any mail client or browser. */
    static final String UNSAFE = "about:invalid#unsafe-url";

    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto", "tel");
    /** Browsers drop tabs and line breaks anywhere in a URL, and spaces and controls around it. */
    private static final Pattern IGNORED_BY_BROWSERS = Pattern.compile("[\\x00-\\x20\\x7f]");

    private static final Pattern SCHEME = Pattern.compile("^([^/?#]*?):");

    private final String attribute;
    private AttributeDefinition target;

    UrlAttributeTagProcessor(String dialectPrefix, String attribute) {
        super(TemplateMode.HTML, dialectPrefix, attribute, StandardHrefTagProcessor.PRECEDENCE, false, true);
        this.attribute = attribute;
    }

    @Override
    public void setAttributeDefinitions(AttributeDefinitions definitions) {
        this.target = definitions.forName(TemplateMode.HTML, attribute);
    }

    /** Whether a browser would take {@code url} as a link with an allowed scheme, or as a relative one. */
    static boolean isSafe(String url) {
        Matcher scheme = SCHEME.matcher(IGNORED_BY_BROWSERS.matcher(url).replaceAll(""));
        return !scheme.find() || SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT));
    }

    @Override
    protected void doProcess(
            ITemplateContext context,
            IProcessableElementTag tag,
            AttributeName attributeName,
            String attributeValue,
            Object expressionResult,
            IElementTagStructureHandler structureHandler) {
        String url = expressionResult == null ? "" : expressionResult.toString();
        if (!isSafe(url)) {
            RenderWarnings.add(
                    context,
                    "line " + tag.getLine() + ": th:" + attribute + "=\"" + attributeValue
                            + "\" gave a URL that is not http, https, mailto, tel or relative; it was replaced by "
                            + UNSAFE);
            url = UNSAFE;
        }
        StandardProcessorUtils.replaceAttribute(
                structureHandler,
                attributeName,
                target,
                attribute,
                EscapedAttributeUtils.escapeAttribute(TemplateMode.HTML, url));
    }
}
