package io.segmentflow.wiring;

import io.segmentflow.adapters.out.dkim.SealedDkimKeys;
import io.segmentflow.adapters.out.dns.DnsJavaRecords;
import io.segmentflow.adapters.out.dns.ResolverAddress;
import io.segmentflow.adapters.out.mail.CaptureMailRelay;
import io.segmentflow.adapters.out.mail.SmtpMailRelay;
import io.segmentflow.adapters.out.mail.SmtpSettings;
import io.segmentflow.adapters.out.password.Pbkdf2PasswordHashes;
import io.segmentflow.adapters.out.render.JsonStateDocuments;
import io.segmentflow.adapters.out.render.ThymeleafTemplateRenderer;
import io.segmentflow.adapters.out.unsubscribe.SignedUnsubscribeLinks;
import io.segmentflow.application.acceptance.GroupedAcceptance;
import io.segmentflow.application.access.AccessService;
import io.segmentflow.application.access.AuthenticationLimit;
import io.segmentflow.application.audience.SegmentService;
import io.segmentflow.application.audience.SubscriptionGroupService;
import io.segmentflow.application.audience.UnsubscribeService;
import io.segmentflow.application.broadcast.AudienceSendsService;
import io.segmentflow.application.broadcast.BroadcastService;
import io.segmentflow.application.broadcast.NewsletterService;
import io.segmentflow.application.broadcast.SendPreparation;
import io.segmentflow.application.broadcast.SendStartService;
import io.segmentflow.application.email.DeliverySettings;
import io.segmentflow.application.email.EmailDispatchService;
import io.segmentflow.application.email.SendEmailService;
import io.segmentflow.application.event.TrackEventService;
import io.segmentflow.application.fanout.FanOutService;
import io.segmentflow.application.idempotency.IdempotencyRetention;
import io.segmentflow.application.journey.JourneyRunService;
import io.segmentflow.application.journey.JourneyService;
import io.segmentflow.application.operator.OperatorService;
import io.segmentflow.application.port.out.ApiKeys;
import io.segmentflow.application.port.out.AudienceCarriers;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.Broadcasts;
import io.segmentflow.application.port.out.CarrierConfirmations;
import io.segmentflow.application.port.out.CarrierSends;
import io.segmentflow.application.port.out.Consents;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.DkimKeys;
import io.segmentflow.application.port.out.DnsRecords;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.FanOutJobs;
import io.segmentflow.application.port.out.FanOutPartitions;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.application.port.out.MailRelay;
import io.segmentflow.application.port.out.NewsletterIssues;
import io.segmentflow.application.port.out.Newsletters;
import io.segmentflow.application.port.out.Operators;
import io.segmentflow.application.port.out.ProfileImportJobs;
import io.segmentflow.application.port.out.ProfileImports;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.Segments;
import io.segmentflow.application.port.out.SendStatistics;
import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.application.port.out.ServerSecrets;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Suppressions;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UnsubscribeLinks;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.application.port.out.Workspaces;
import io.segmentflow.application.profile.ManageProfilesUseCase;
import io.segmentflow.application.profile.ProfileService;
import io.segmentflow.application.profileimport.ProfileImportService;
import io.segmentflow.application.sender.SenderDomainService;
import io.segmentflow.application.sender.SigningKeys;
import io.segmentflow.application.statistics.SendStatisticsService;
import io.segmentflow.application.suppression.SuppressionService;
import io.segmentflow.application.template.CachedTemplates;
import io.segmentflow.application.template.TemplateService;
import io.segmentflow.domain.email.Mailbox;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * Builds each application service once, from its ports' adapters and the configuration. The services
 * are plain classes without the no-argument constructor a client proxy needs, hence {@code @Singleton}.
 */
@ApplicationScoped
public class ServiceWiring {
    private static final Logger LOG = Logger.getLogger(ServiceWiring.class.getName());

    // Groups of single sends are accepted on managed threads of their own, which can run JTA transactions; the
    // SMTP relay's write time-outs run on one of them.
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ThreadFactory threads;

    /** Groups that may be committing at once: one forms while another commits. */
    private static final int ACCEPT_COMMITTERS = 2;

    /** How long a single send may wait in line for its group (the database is slow or away) before it is refused. */
    private static final Duration ACCEPT_QUEUE_WAIT = Duration.ofSeconds(10);

    /** The one clock of the application; in microseconds, as the database stores times. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }

    @Produces
    @Singleton
    TemplateRenderer templateRenderer() {
        return new ThymeleafTemplateRenderer();
    }

    @Produces
    @Singleton
    MailRelay mailRelay(Settings settings) {
        if (settings.smtpHost().isEmpty()) {
            Path folder = Path.of(settings.captureDir());
            LOG.info(
                    () -> "No SEGMENTFLOW_SMTP_HOST: messages are written as .eml files to " + folder.toAbsolutePath());
            return new CaptureMailRelay(folder);
        }
        SmtpSettings smtp = new SmtpSettings(
                settings.smtpHost().get(),
                settings.smtpPort(),
                settings.smtpUser().orElse(null),
                settings.smtpPassword().orElse(null),
                settings.smtpTls(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                settings.smtpMaxConnections(),
                settings.smtpMaxRate());
        LOG.info(() -> "Delivering through SMTP relay " + smtp.host() + ":" + smtp.port());
        return new SmtpMailRelay(smtp, threads);
    }

    void closeMailRelay(@Disposes MailRelay relay) throws Exception {
        if (relay instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    SendEmailService sendEmailService(
            EmailSends sends,
            Templates templates,
            Profiles profiles,
            SubscriptionGroups groups,
            IdempotencyRecords idempotency,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Settings settings) {
        return new SendEmailService(
                sends,
                templates,
                profiles,
                groups,
                idempotency,
                transactions,
                signal,
                clock,
                Mailbox.parse(settings.defaultFrom()),
                acceptGrouping(settings),
                threads);
    }

    /** How concurrent single sends and tracked events are grouped into one transaction. */
    private static GroupedAcceptance.Limits acceptGrouping(Settings settings) {
        return new GroupedAcceptance.Limits(
                settings.acceptGroupSize(),
                Duration.ofMillis(settings.acceptGroupMillis()),
                ACCEPT_QUEUE_WAIT,
                ACCEPT_COMMITTERS);
    }

    /** Single sends waiting at shutdown are accepted before the application stops, or refused: never lost. */
    void closeSendEmailService(@Disposes SendEmailService service) {
        service.close();
    }

    @Produces
    @Singleton
    EmailDispatchService emailDispatchService(
            EmailSends sends,
            Templates templates,
            Profiles profiles,
            UserEvents events,
            TemplateRenderer renderer,
            MailRelay relay,
            Suppressions suppressions,
            SubscriptionGroups groups,
            Consents consents,
            UnsubscribeLinks unsubscribeLinks,
            SigningKeys signingKeys,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Settings settings) {
        DeliverySettings delivery = new DeliverySettings(
                Duration.ofSeconds(settings.leaseSeconds()),
                claimBatchSize(settings),
                settings.maxAttempts(),
                Duration.ofSeconds(settings.firstRetrySeconds()),
                Duration.ofSeconds(settings.longestRetrySeconds()),
                Duration.ofSeconds(settings.lifetimeSeconds()));
        // Delivery renders one snapshot for many messages: it reads snapshots through a cache.
        return new EmailDispatchService(
                sends,
                new CachedTemplates(templates),
                profiles,
                events,
                renderer,
                relay,
                suppressions,
                groups,
                consents,
                unsubscribeLinks,
                signingKeys,
                transactions,
                signal,
                clock,
                delivery);
    }

    @Produces
    @Singleton
    JourneyService journeyService(
            Journeys journeys,
            JourneyRuns runs,
            UserEvents events,
            ManageProfilesUseCase profiles,
            Templates templates,
            IdempotencyRecords idempotency,
            StateDocuments documents,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock) {
        return new JourneyService(
                journeys, runs, events, profiles, templates, idempotency, documents, transactions, signal, clock);
    }

    @Produces
    @Singleton
    JourneyRunService journeyRunService(
            Journeys journeys,
            JourneyRuns runs,
            UserEvents events,
            Profiles profiles,
            ManageProfilesUseCase profileEdits,
            Templates templates,
            EmailSends sends,
            StateDocuments documents,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Settings settings) {
        return new JourneyRunService(
                journeys,
                runs,
                events,
                profiles,
                profileEdits,
                templates,
                sends,
                documents,
                transactions,
                signal,
                clock,
                Mailbox.parse(settings.defaultFrom()),
                JOURNEY_CLAIM_SIZE);
    }

    /** Runs taken on per transaction: enough to share a commit, few enough to hold their locks briefly. */
    private static final int JOURNEY_CLAIM_SIZE = 100;

    @Produces
    @Singleton
    TrackEventService trackEventService(
            UserEvents events,
            ManageProfilesUseCase profiles,
            Journeys journeys,
            JourneyRuns runs,
            IdempotencyRecords idempotency,
            StateDocuments documents,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Settings settings) {
        return new TrackEventService(
                events,
                profiles,
                journeys,
                runs,
                idempotency,
                documents,
                transactions,
                signal,
                clock,
                settings.eventDataRetention(),
                acceptGrouping(settings),
                threads);
    }

    /** Events waiting at shutdown are recorded before the application stops, or refused: never lost. */
    void closeTrackEventService(@Disposes TrackEventService service) {
        service.close();
    }

    /**
     * Under a rate limit a worker must be able to deliver its whole claim well within the lease (it skips what it
     * cannot), so the claim shrinks to what the worker's share of the rate delivers in a quarter of the lease.
     */
    private static int claimBatchSize(Settings settings) {
        int batch = DeliverySettings.DEFAULTS.claimBatchSize();
        if (settings.smtpHost().isEmpty() || settings.smtpMaxRate() <= 0) {
            return batch;
        }
        double perWorker = settings.smtpMaxRate() / settings.deliveryWorkers();
        return (int) Math.max(1, Math.min(batch, perWorker * settings.leaseSeconds() / 4));
    }

    @Produces
    @Singleton
    FanOutService fanOutService(
            AudienceCarriers carriers,
            Audiences audiences,
            EmailSends sends,
            FanOutPartitions partitions,
            SubscriptionGroups groups,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock) {
        return new FanOutService(carriers, audiences, sends, partitions, groups, transactions, signal, clock);
    }

    @Produces
    @Singleton
    TemplateService templateService(
            Templates templates, TemplateRenderer renderer, Transactions transactions, Clock clock) {
        return new TemplateService(templates, renderer, transactions, clock);
    }

    @Produces
    @Singleton
    StateDocuments stateDocuments() {
        return new JsonStateDocuments();
    }

    @Produces
    @Singleton
    ProfileService profileService(
            Profiles profiles,
            EmailSends sends,
            JourneyRuns runs,
            UserEvents events,
            StateDocuments documents,
            Transactions transactions,
            Clock clock) {
        return new ProfileService(profiles, sends, runs, events, documents, transactions, clock);
    }

    @Produces
    @Singleton
    SuppressionService suppressionService(Suppressions suppressions, Transactions transactions, Clock clock) {
        return new SuppressionService(suppressions, transactions, clock);
    }

    @Produces
    @Singleton
    AccessService accessService(
            ApiKeys apiKeys, Workspaces workspaces, Transactions transactions, Clock clock, Settings settings) {
        AuthenticationLimit limit = new AuthenticationLimit(
                settings.authFailuresBurst(),
                settings.authFailuresPerMinute(),
                AuthenticationLimit.DEFAULT_MAX_ADDRESSES,
                clock);
        return new AccessService(apiKeys, workspaces, transactions, clock, limit);
    }

    /**
     * Sign-in failures are limited per account ({@code SEGMENTFLOW_SIGN_IN_FAILURES_*}) and per client address (as
     * the API's keys are, but counted apart: a backend's wrong key does not lock its operators out).
     */
    @Produces
    @Singleton
    OperatorService operatorService(
            Operators operators, Workspaces workspaces, Transactions transactions, Clock clock, Settings settings) {
        AuthenticationLimit perAccount = new AuthenticationLimit(
                settings.signInFailuresBurst(),
                settings.signInFailuresPerMinute(),
                AuthenticationLimit.DEFAULT_MAX_ADDRESSES,
                clock);
        AuthenticationLimit perAddress = new AuthenticationLimit(
                settings.authFailuresBurst(),
                settings.authFailuresPerMinute(),
                AuthenticationLimit.DEFAULT_MAX_ADDRESSES,
                clock);
        return new OperatorService(
                operators, workspaces, new Pbkdf2PasswordHashes(), transactions, clock, perAccount, perAddress);
    }

    /** Broadcasts and NewsletterIssues share these on their way out: templates, preflight, test send, handover. */
    @Produces
    @Singleton
    SendPreparation sendPreparation(
            Templates templates,
            TemplateService templateEdits,
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
            Settings settings) {
        return new SendPreparation(
                templates,
                templateEdits,
                audiences,
                groups,
                segments,
                confirmations,
                carrierSends,
                sends,
                profiles,
                senderDomains,
                transactions,
                signal,
                clock,
                Mailbox.parse(settings.defaultFrom()),
                settings.publicUrl());
    }

    @Produces
    @Singleton
    BroadcastService broadcastService(Broadcasts broadcasts, SendPreparation preparation) {
        return new BroadcastService(broadcasts, preparation);
    }

    @Produces
    @Singleton
    NewsletterService newsletterService(Newsletters newsletters, NewsletterIssues issues, SendPreparation preparation) {
        return new NewsletterService(newsletters, issues, preparation);
    }

    /** Due carriers claimed per transaction: each one only starts a job, so a few suffice. */
    private static final int SEND_START_CLAIM_SIZE = 20;

    @Produces
    @Singleton
    SendStartService sendStartService(
            Broadcasts broadcasts,
            Newsletters newsletters,
            NewsletterIssues issues,
            CarrierConfirmations confirmations,
            FanOutJobs fanOutJobs,
            SendPreparation preparation) {
        return new SendStartService(
                broadcasts, newsletters, issues, confirmations, fanOutJobs, preparation, SEND_START_CLAIM_SIZE);
    }

    @Produces
    @Singleton
    AudienceSendsService audienceSendsService(
            Broadcasts broadcasts, Newsletters newsletters, NewsletterIssues issues, CarrierSends carrierSends) {
        return new AudienceSendsService(broadcasts, newsletters, issues, carrierSends);
    }

    @Produces
    @Singleton
    SendStatisticsService sendStatisticsService(SendStatistics statistics, Clock clock) {
        return new SendStatisticsService(statistics, clock);
    }

    @Produces
    @Singleton
    SegmentService segmentService(
            Segments segments, Audiences audiences, Profiles profiles, Transactions transactions, Clock clock) {
        return new SegmentService(segments, audiences, profiles, transactions, clock);
    }

    @Produces
    @Singleton
    SubscriptionGroupService subscriptionGroupService(
            SubscriptionGroups groups, Consents consents, Profiles profiles, Transactions transactions, Clock clock) {
        return new SubscriptionGroupService(groups, consents, profiles, transactions, clock);
    }

    @Produces
    @Singleton
    UnsubscribeService unsubscribeService(
            UnsubscribeLinks links,
            SubscriptionGroups groups,
            Profiles profiles,
            Consents consents,
            Transactions transactions,
            Clock clock) {
        return new UnsubscribeService(links, groups, profiles, consents, transactions, clock);
    }

    /** Name under which a generated unsubscribe link key is kept. */
    private static final String UNSUBSCRIBE_KEY = "unsubscribe_links";

    /**
     * Links are signed with SEGMENTFLOW_UNSUBSCRIBE_SECRET, else with a key generated once and kept in the database
     * (the first node to need it makes it; every node reads that one), so links stay valid across restarts and nodes.
     */
    @Produces
    @Singleton
    UnsubscribeLinks unsubscribeLinks(
            Settings settings, ServerSecrets secrets, Transactions transactions, Clock clock) {
        Optional<String> configured = settings.unsubscribeSecret();
        if (configured.isPresent() && configured.get().length() < 32) {
            throw new IllegalStateException("SEGMENTFLOW_UNSUBSCRIBE_SECRET must be at least 32 characters");
        }
        return new SignedUnsubscribeLinks(
                settings.publicUrl(),
                () -> configured
                        .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                        .orElseGet(() -> {
                            byte[] candidate = new byte[32];
                            new SecureRandom().nextBytes(candidate);
                            String kept = transactions.inTransaction(() -> secrets.secret(
                                    UNSUBSCRIBE_KEY, Base64.getEncoder().encodeToString(candidate), clock.instant()));
                            return Base64.getDecoder().decode(kept);
                        }));
    }

    @Produces
    @Singleton
    IdempotencyRetention idempotencyRetention(IdempotencyRecords records, Transactions transactions, Clock clock) {
        return new IdempotencyRetention(records, transactions, clock);
    }

    @Produces
    @Singleton
    ProfileImportService profileImportService(
            ProfileImports imports,
            Profiles profiles,
            SubscriptionGroups groups,
            Consents consents,
            ProfileImportJobs jobs,
            StateDocuments documents,
            Transactions transactions,
            Clock clock,
            Settings settings) {
        return new ProfileImportService(
                imports, profiles, groups, consents, jobs, documents, transactions, clock, settings.importMaxBytes());
    }

    /** Name under which a generated DKIM key sealing secret is kept. */
    private static final String DKIM_KEY_SECRET = "dkim_key_sealing";

    /**
     * Sender domains' private keys are sealed with a key derived from SEGMENTFLOW_DKIM_KEY_SECRET, else from a secret
     * generated once and kept in the database (as the unsubscribe links' key is), shared by every node.
     */
    @Produces
    @Singleton
    DkimKeys dkimKeys(Settings settings, ServerSecrets secrets, Transactions transactions, Clock clock) {
        Optional<String> configured = settings.dkimKeySecret();
        if (configured.isPresent() && configured.get().length() < 32) {
            throw new IllegalStateException("SEGMENTFLOW_DKIM_KEY_SECRET must be at least 32 characters");
        }
        return new SealedDkimKeys(() -> configured
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] candidate = new byte[32];
                    new SecureRandom().nextBytes(candidate);
                    String kept = transactions.inTransaction(() -> secrets.secret(
                            DKIM_KEY_SECRET, Base64.getEncoder().encodeToString(candidate), clock.instant()));
                    return Base64.getDecoder().decode(kept);
                }));
    }

    /** Sender domains are verified through SEGMENTFLOW_DNS_RESOLVER (host:port), else the system's resolvers. */
    @Produces
    @Singleton
    DnsRecords dnsRecords(Settings settings) {
        Optional<String> resolver = settings.dnsResolver();
        if (resolver.isEmpty()) {
            return DnsJavaRecords.ofSystem();
        }
        try {
            return DnsJavaRecords.at(ResolverAddress.parse(resolver.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "SEGMENTFLOW_DNS_RESOLVER must be host:port, such as 127.0.0.1:53: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    SenderDomainService senderDomainService(
            SenderDomains domains,
            DkimKeys keys,
            DnsRecords dns,
            SigningKeys signingKeys,
            Transactions transactions,
            Clock clock) {
        return new SenderDomainService(domains, keys, dns, signingKeys, transactions, clock);
    }

    @Produces
    @Singleton
    SigningKeys signingKeys(SenderDomains domains, DkimKeys keys, Clock clock) {
        return new SigningKeys(domains, keys, clock);
    }
}
