package io.segmentflow.application.broadcast;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.SenderNotReadyException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.CarrierConfirmations;
import io.segmentflow.application.port.out.CarrierSends;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.Segments;
import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.template.ManageTemplatesUseCase;
import io.segmentflow.application.template.PreviewState;
import io.segmentflow.application.template.TemplateDraft;
import io.segmentflow.application.template.TemplatePreview;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierConfirmation;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.sender.SenderDomainStatus;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Broadcasts and NewsletterIssues share on their way out: the template they send (chosen, or made from their
 * own subject and HTML), preflight, the test send, the confirmation link, what their fan-out is pinned to, results.
 */
public final class SendPreparation {
    /** Where the dashboard's confirmation page is, under the public URL. */
    static final String CONFIRMATION_PATH = "/dashboard/confirmations/";

    private final Templates templates;
    private final ManageTemplatesUseCase templateEdits;
    private final Audiences audiences;
    private final SubscriptionGroups groups;
    private final Segments segments;
    private final CarrierConfirmations confirmations;
    private final CarrierSends carrierSends;
    private final EmailSends sends;
    private final Profiles profiles;
    private final SenderDomains senderDomains;
    private final Transactions transactions;
    private final DispatchSignal signal;
    private final Clock clock;
    private final Mailbox defaultFrom;
    private final String publicUrl;

    /**
     * @param defaultFrom the sender of a carrier that names none
     * @param publicUrl the base of links to the server (the dashboard's confirmation page)
     */
    public SendPreparation(
            Templates templates,
            ManageTemplatesUseCase templateEdits,
            Audiences audiences,
            SubscriptionGroups groups,
            Segments segments,
            CarrierConfirmations confirmations,
            CarrierSends carrierSends,
            EmailSends sends,
            Profiles profiles,
            SenderDomains senderDomains,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Mailbox defaultFrom,
            String publicUrl) {
        this.templates = templates;
        this.templateEdits = templateEdits;
        this.audiences = audiences;
        this.groups = groups;
        this.segments = segments;
        this.confirmations = confirmations;
        this.carrierSends = carrierSends;
        this.sends = sends;
        this.profiles = profiles;
        this.senderDomains = senderDomains;
        this.transactions = transactions;
        this.signal = signal;
        this.clock = clock;
        this.defaultFrom = defaultFrom;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    Clock clock() {
        return clock;
    }

    Transactions transactions() {
        return transactions;
    }

    /**
     * The content a request asks for: a template of the workspace by id, or one made from the request's subject and
     * HTML. A carrier that already has a template of its own gets that template changed rather than a new one.
     * Must run in a transaction.
     *
     * @param current the carrier's content before, or null for a new carrier
     * @param templateName the name of a template made for the carrier
     */
    CarrierContent content(WorkspaceId workspace, ContentRequest request, CarrierContent current, String templateName) {
        if (!request.hasOwnContent()) {
            requireTemplate(workspace, request.templateId(), "templateId");
            return CarrierContent.ofTemplate(request.templateId(), request.subject());
        }
        TemplateDraft draft = new TemplateDraft(
                clip(templateName),
                TemplateKind.MARKETING,
                new TemplateContent(request.subject(), request.html(), request.text()));
        if (current != null
                && current.ownTemplate()
                && templates.find(workspace, current.templateId()).isPresent()) {
            templateEdits.replace(workspace, current.templateId(), draft);
            return CarrierContent.ownTemplate(current.templateId());
        }
        return CarrierContent.ownTemplate(templateEdits.create(workspace, draft).id());
    }

    /** The content for a duplicate: a template made for the original is copied, so the two are edited apart. */
    CarrierContent copy(WorkspaceId workspace, CarrierContent content, String templateName) {
        if (!content.ownTemplate()) {
            return content;
        }
        Optional<Template> own = templates.find(workspace, content.templateId());
        if (own.isEmpty()) {
            return content;
        }
        Template copied = templateEdits.create(
                workspace,
                new TemplateDraft(
                        clip(templateName),
                        own.get().kind(),
                        own.get().current().content()));
        return CarrierContent.ownTemplate(copied.id());
    }

    /**
     * Refuses a subscription group or a segment the workspace does not have (another workspace's is not told apart
     * from none); every such field is named in one refusal.
     *
     * @param segmentId null for no segment
     * @param groupId null when the group is not the caller's to name (an Issue's is its Newsletter's)
     */
    void requireAudience(WorkspaceId workspace, String segmentId, String groupId) {
        List<FieldError> errors = new ArrayList<>();
        if (groupId != null && groups.find(workspace, groupId).isEmpty()) {
            errors.add(new FieldError("subscriptionGroupId", "subscription group " + groupId + " was not found"));
        }
        if (segmentId != null && segments.find(workspace, segmentId).isEmpty()) {
            errors.add(new FieldError("segmentId", "segment " + segmentId + " was not found"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }

    /** Refuses a template the workspace does not have (deleted since it was chosen, or never there). */
    void requireTemplate(WorkspaceId workspace, String templateId, String field) {
        if (templates.currentSnapshotId(workspace, templateId).isEmpty()) {
            throw new ValidationFailedException(field, "template " + templateId + " was not found");
        }
    }

    Mailbox senderOf(Mailbox from) {
        return from != null ? from : defaultFrom;
    }

    Preflight preflight(WorkspaceId workspace, AudienceSpec audience, Mailbox from, CarrierContent content) {
        // One read-only transaction: the stores read templates on the transaction's connection.
        return transactions.inTransaction(() -> checked(workspace, audience, from, content));
    }

    private Preflight checked(WorkspaceId workspace, AudienceSpec audience, Mailbox from, CarrierContent content) {
        AudienceCounts counts = audiences.count(workspace, audience);
        Mailbox sender = senderOf(from);
        List<String> warnings = new ArrayList<>();
        if (from == null) {
            warnings.add("no from is set: the server's default sender " + sender + " is used");
        }
        Optional<String> senderProblem = senderProblem(workspace, sender);
        senderProblem.ifPresent(warnings::add);
        if (templates.currentSnapshotId(workspace, content.templateId()).isEmpty()) {
            warnings.add("template " + content.templateId() + " was not found: the send would fail");
        }
        if (counts.eligible() == 0) {
            warnings.add("no Profile of this audience would get the email");
        }
        if (counts.neverSubscribed() > 0) {
            warnings.add(counts.neverSubscribed() + " Profiles never subscribed to subscription group "
                    + audience.subscriptionGroupId() + " and will not get the email");
        }
        if (counts.noAddress() > 0) {
            warnings.add(counts.noAddress() + " Profiles have no email address");
        }
        return new Preflight(counts, sender, senderProblem.isEmpty(), warnings);
    }

    /**
     * Refuses to let an audience send be scheduled or handed over for confirmation while its sender is not ready: its
     * From domain must be a verified sender domain of the workspace, so that its mail goes out DKIM-signed. Must run
     * in a transaction.
     *
     * @param from the carrier's sender, null for the server's default
     */
    void requireSenderReady(WorkspaceId workspace, Mailbox from) {
        senderProblem(workspace, senderOf(from)).ifPresent(problem -> {
            throw new SenderNotReadyException(problem);
        });
    }

    /** Why mail from {@code sender} is not ready to go to an audience, in words; empty when it is. */
    private Optional<String> senderProblem(WorkspaceId workspace, Mailbox sender) {
        String domain = sender.address().domain();
        DomainName name;
        try {
            name = new DomainName(domain);
        } catch (InvalidValueException e) {
            return Optional.of("the sender's domain " + domain + " is not a domain receivers can check: send from an"
                    + " address at a verified sender domain of the workspace");
        }
        Optional<SenderDomain> found = senderDomains.findByName(workspace, name);
        if (found.isEmpty()) {
            return Optional.of(
                    "the sender's domain " + domain + " is not a sender domain of the workspace: add it"
                            + " (POST /api/v1/domains), publish its DNS records and verify it, so that its mail is DKIM-signed");
        }
        if (found.get().status() != SenderDomainStatus.VERIFIED) {
            return Optional.of("sender domain " + domain + " (" + found.get().id() + ") is "
                    + found.get().status().wireName() + ", not verified: publish its DNS records and verify it (POST"
                    + " /api/v1/domains/" + found.get().id() + "/verify)");
        }
        return Optional.empty();
    }

    /**
     * One transactional EmailSend of the carrier's content to one address; it carries no link to the carrier, so its
     * results do not count it.
     */
    EmailSend testSend(WorkspaceId workspace, CarrierContent content, Mailbox from, TestSendRequest request) {
        EmailSend send = transactions.inTransaction(() -> {
            String snapshotId = templates
                    .currentSnapshotId(workspace, content.templateId())
                    .orElseThrow(() -> new NotFoundException("template", content.templateId()));
            Instant now = clock.instant();
            Profile profile = profiles.upsert(workspace, request.to().address(), null, now);
            String id = Identifier.next("em", now);
            Mailbox sender = senderOf(from);
            EmailSend test = EmailSend.accept(new EmailSendDetails(
                    id,
                    workspace,
                    profile.id(),
                    content.templateId(),
                    snapshotId,
                    request.to(),
                    null,
                    sender,
                    null,
                    content.subject(),
                    List.of(),
                    List.of(),
                    request.data(),
                    Tracking.NONE,
                    SendPriority.TRANSACTIONAL,
                    EmailSend.messageIdFor(id, sender.address()),
                    null,
                    now,
                    null));
            sends.add(test);
            return test;
        });
        signal.sendsQueued();
        return send;
    }

    /** A new confirmation link for the carrier. Must run in the transaction that moves it to awaiting confirmation. */
    ConfirmationLink handOver(CarrierRef carrier) {
        CarrierConfirmation.Issued issued = CarrierConfirmation.issue(carrier, clock.instant());
        confirmations.add(issued.confirmation());
        return new ConfirmationLink(
                publicUrl + CONFIRMATION_PATH + issued.token(),
                issued.confirmation().expiresAt());
    }

    /** What a fan-out starting now sends; empty when the template is gone. */
    Optional<CarrierLifecycle.Pinned> pin(WorkspaceId workspace, CarrierContent content, Mailbox from) {
        return templates
                .currentSnapshotId(workspace, content.templateId())
                .map(snapshotId -> new CarrierLifecycle.Pinned(snapshotId, senderOf(from)));
    }

    /** The subscription group of the workspace, if it still is. */
    Optional<SubscriptionGroup> group(WorkspaceId workspace, String groupId) {
        return groups.find(workspace, groupId);
    }

    /** The carrier's email rendered as a recipient with no data would get it. */
    TemplatePreview email(WorkspaceId workspace, CarrierContent content) {
        TemplatePreview rendered = templateEdits.preview(workspace, content.templateId(), PreviewState.EMPTY);
        return content.subject() == null
                ? rendered
                : new TemplatePreview(content.subject(), rendered.html(), rendered.text(), rendered.warnings());
    }

    SendResults results(CarrierRef carrier) {
        return carrierSends.results(carrier);
    }

    private static String clip(String name) {
        return name.length() <= Template.MAX_NAME_LENGTH ? name : name.substring(0, Template.MAX_NAME_LENGTH);
    }
}
