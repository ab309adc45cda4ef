package io.segmentflow.application.template;

import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;

/** What a caller writes to create or replace a template. */
public record TemplateDraft(String name, TemplateKind kind, TemplateContent content) {}
