package io.segmentflow.wiring;

import io.segmentflow.adapters.in.batch.FanOutRestarts;
import io.segmentflow.adapters.in.batch.ProfileImportRestarts;
import io.segmentflow.adapters.in.delivery.DeliveryWorkers;
import io.segmentflow.adapters.in.journey.JourneyWorkers;
import io.segmentflow.adapters.in.nodes.OtherNodesListener;
import io.segmentflow.adapters.in.schedule.SendScheduler;
import io.segmentflow.adapters.out.persistence.SchemaMigrations;
import io.segmentflow.application.access.HearKeyRevocationsUseCase;
import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.application.event.TrackEventService;
import io.segmentflow.application.idempotency.IdempotencyRetention;
import io.segmentflow.application.operator.ManageOperatorsUseCase;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the application in order: schema first, then the bootstrap key, then delivery, Journey runs, the listener
 * for other nodes' sends and the scheduler of audience sends, then the fan-outs a stopped server left unfinished.
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    /** How the listener's connection shows in pg_stat_activity. */
    private static final String LISTENER_NAME = "segmentflow other-nodes listener";

    @Inject
    SchemaMigrations migrations;

    @Inject
    ManageAccessUseCase access;

    @Inject
    DeliveryWorkers deliveryWorkers;

    @Inject
    OtherNodesListener otherNodes;

    @Inject
    IdempotencyRetention idempotencyRetention;

    @Inject
    JourneyWorkers journeyWorkers;

    @Inject
    TrackEventService events;

    @Inject
    SendScheduler sendScheduler;

    @Inject
    FanOutRestarts fanOutRestarts;

    @Inject
    ProfileImportRestarts profileImportRestarts;

    @Inject
    ManageOperatorsUseCase operators;

    @Inject
    Settings settings;

    @Inject
    HearKeyRevocationsUseCase revocations;

    @Resource
    ManagedScheduledExecutorService scheduler;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        migrations.migrate();
        bootstrap();
        bootstrapAdmin();
        deliveryWorkers.start(
                settings.deliveryWorkers(),
                Duration.ofMillis(settings.pollMillis()),
                Duration.ofMillis(settings.deliveryGatherMillis()));
        journeyWorkers.start(settings.journeyWorkers(), Duration.ofMillis(settings.pollMillis()));
        listenToOtherNodes();
        sendScheduler.start(settings.schedulerPoll());
        // Looked at again later: the batch container marks the executions a crash left running as failed only once
        // it has started, which may come after this application; an execution it has restarted by then is running.
        for (long delay : RESTART_CHECKS) {
            scheduler.schedule(this::restartUnfinishedFanOuts, delay, TimeUnit.SECONDS);
            scheduler.schedule(this::restartUnfinishedImports, delay, TimeUnit.SECONDS);
        }
        scheduler.scheduleWithFixedDelay(this::forgetExpiredKeys, 1, 60, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::eraseExpiredEventData, 2, 60, TimeUnit.MINUTES);
    }

    /** When, in seconds after the start, the fan-outs and imports a stopped server left unfinished are looked for. */
    private static final long[] RESTART_CHECKS = {0, 10, 60};

    /** Fan-outs a stopped server left unfinished go on from their checkpoints, off the start-up thread. */
    private void restartUnfinishedFanOuts() {
        try {
            int restarted = fanOutRestarts.restartUnfinished();
            if (restarted > 0) {
                LOG.info(() -> "Restarted " + restarted + " unfinished fan-out jobs");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not restart unfinished fan-out jobs", e);
        }
    }

    /** Profile imports a stopped server left unfinished go on from their last chunk, off the start-up thread. */
    private void restartUnfinishedImports() {
        try {
            int restarted = profileImportRestarts.restartUnfinished();
            if (restarted > 0) {
                LOG.info(() -> "Restarted " + restarted + " unfinished Profile import jobs");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not restart unfinished Profile import jobs", e);
        }
    }

    private void eraseExpiredEventData() {
        try {
            int erased = events.eraseExpiredData();
            LOG.fine(() -> "Erased the data of " + erased + " events past their retention");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not erase the data of events past their retention", e);
        }
    }

    /**
     * Other nodes share only a PostgreSQL database: the listener hears their sends (for this node's workers) and
     * their revocations of API keys. On the embedded database this node is the only one and hears every revocation.
     */
    private void listenToOtherNodes() {
        settings.postgreSqlUrl()
                .ifPresentOrElse(
                        url -> otherNodes.start(url, settings.dbUser(), settings.dbPassword(), LISTENER_NAME),
                        () -> revocations.hearsRevocations(true));
    }

    private void forgetExpiredKeys() {
        try {
            int forgotten = idempotencyRetention.forgetExpired();
            LOG.fine(() -> "Forgot " + forgotten + " expired idempotency keys");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not forget expired idempotency keys", e);
        }
    }

    /**
     * The first workspace and its bootstrap key. A configured key too easy to guess stops the start: the
     * application must not serve with it. A generated key goes to its file before it is committed.
     */
    private void bootstrap() {
        BootstrapKeyFile keyFile = new BootstrapKeyFile(Path.of(settings.bootstrapKeyFile()));
        AtomicReference<Path> written = new AtomicReference<>();
        try {
            access.bootstrap(settings.bootstrapApiKey(), generated -> written.set(keyFile.write(generated.secret())));
        } catch (InvalidValueException e) {
            String refusal =
                    "SEGMENTFLOW_BOOTSTRAP_API_KEY " + e.getMessage() + ". Segmentflow does not start with this key.";
            LOG.severe(refusal);
            throw new IllegalStateException(refusal);
        }
        if (written.get() != null) {
            System.out.println(BootstrapKeyFile.announcement(written.get()));
        }
    }

    /**
     * The first operator, owner of the first workspace: a password too weak stops the start, as a weak bootstrap key
     * does. A generated password goes to its file before the account is committed.
     */
    private void bootstrapAdmin() {
        BootstrapKeyFile passwordFile = new BootstrapKeyFile(
                Path.of(settings.adminPasswordFile()), "first operator's password", "SEGMENTFLOW_ADMIN_PASSWORD_FILE");
        AtomicReference<Path> written = new AtomicReference<>();
        try {
            operators.bootstrap(
                    settings.adminEmail(),
                    settings.adminPassword(),
                    generated -> written.set(passwordFile.write(generated)));
        } catch (InvalidValueException e) {
            String refusal = "SEGMENTFLOW_ADMIN_" + (e.field().equals("email") ? "EMAIL " : "PASSWORD ")
                    + e.getMessage() + ". Segmentflow does not start with it.";
            LOG.severe(refusal);
            throw new IllegalStateException(refusal);
        }
        if (written.get() != null) {
            System.out.println(BootstrapKeyFile.adminAnnouncement(settings.adminEmail(), written.get()));
        }
    }
}
