package io.segmentflow.application.broadcast;

import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.FixedAudiences;
import io.segmentflow.application.fake.FixedCarrierSends;
import io.segmentflow.application.fake.InMemoryCarriers;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySegments;
import io.segmentflow.application.fake.InMemorySenderDomains;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.NaiveTemplateRenderer;
import io.segmentflow.application.fake.RecordingDispatchSignal;
import io.segmentflow.application.fake.RecordingFanOutJobs;
import io.segmentflow.application.template.TemplateDraft;
import io.segmentflow.application.template.TemplateService;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;

/** The audience-send services over in-memory ports, with the clock a test moves. */
final class AudienceSendsFixture {
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    static final Mailbox DEFAULT_FROM = Mailbox.parse("Segmentflow <no-reply@localhost>");
    static final String PUBLIC_URL = "https://mail.acme.test/";

    final ManualClock clock = new ManualClock(NOW);
    final InMemoryTemplates templates = new InMemoryTemplates();
    final InMemoryCarriers carriers = new InMemoryCarriers();
    final InMemoryEmailSends sends = new InMemoryEmailSends();
    final InMemoryProfiles profiles = new InMemoryProfiles();
    final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    final InMemorySegments segments = new InMemorySegments();
    final InMemorySenderDomains senderDomains = new InMemorySenderDomains();
    final FakeTransactions transactions =
            new FakeTransactions(templates, carriers, sends, profiles, groups, segments, senderDomains);
    final RecordingDispatchSignal signal = new RecordingDispatchSignal(
            transactions::isActive, () -> sends.all().size());
    final FixedAudiences audiences = new FixedAudiences();
    final FixedCarrierSends carrierSends = new FixedCarrierSends();
    final RecordingFanOutJobs fanOuts = new RecordingFanOutJobs(transactions::isActive);
    final TemplateService templateService =
            new TemplateService(templates, new NaiveTemplateRenderer(), transactions, clock);
    final SendPreparation preparation = new SendPreparation(
            templates,
            templateService,
            audiences,
            groups,
            segments,
            carriers.confirmations(),
            carrierSends,
            sends,
            profiles,
            senderDomains,
            transactions,
            signal,
            clock,
            DEFAULT_FROM,
            PUBLIC_URL);

    {
        // ACME sends from its verified domain acme.test; GLOBEX has none.
        senderDomains.addVerified(ACME, "acme.test", NOW);
    }

    final BroadcastService broadcasts = new BroadcastService(carriers.broadcasts(), preparation);
    final NewsletterService newsletters = new NewsletterService(carriers.newsletters(), carriers.issues(), preparation);
    final SendStartService starts = new SendStartService(
            carriers.broadcasts(),
            carriers.newsletters(),
            carriers.issues(),
            carriers.confirmations(),
            fanOuts,
            preparation,
            10);

    /** The groups and segments the tests name, in the first workspace. */
    AudienceSendsFixture() {
        for (String group : List.of("grp_news", "grp_weekly", "grp_plain", "grp_other")) {
            groups.add(new SubscriptionGroup(group, ACME, group, null, true, NOW, NOW));
        }
        Condition buyers = new Condition.Equals(FieldPath.parse("profile.buyer"), new Literal.Flag(true));
        for (String segment : List.of("seg_buyers", "seg_other", "seg_eu")) {
            segments.add(new Segment(segment, ACME, segment, buyers, NOW, NOW));
        }
    }

    Template template(WorkspaceId workspace, String name) {
        return templateService.create(
                workspace,
                new TemplateDraft(
                        name,
                        TemplateKind.MARKETING,
                        new TemplateContent(name + " news", "<p>" + name + "</p>", null)));
    }

    /** The token of a confirmation URL: what the dashboard's page reads from its path. */
    static String tokenOf(ConfirmationLink link) {
        return link.url().substring(link.url().lastIndexOf('/') + 1);
    }
}
