package io.segmentflow.wiring;

import io.segmentflow.adapters.in.delivery.DeliveryWorkers;
import io.segmentflow.adapters.out.persistence.SchemaMigrations;
import io.segmentflow.application.access.ManageAccessUseCase;
import io.segmentflow.application.idempotency.IdempotencyRetention;
import io.segmentflow.domain.apikey.ApiKey;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts the application in order: schema first, then the bootstrap key, then delivery. */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Inject
    SchemaMigrations migrations;
    @Inject
    ManageAccessUseCase access;
    @Inject
    DeliveryWorkers deliveryWorkers;
    @Inject
    IdempotencyRetention idempotencyRetention;
    @Inject
    Settings settings;
    @Resource
    ManagedScheduledExecutorService scheduler;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        migrations.migrate();
        Optional<ApiKey.Issued> generated = access.bootstrap(settings.bootstrapApiKey());
        generated.ifPresent(Startup::announce);
        deliveryWorkers.start(settings.deliveryWorkers(), Duration.ofMillis(settings.pollMillis()));
        scheduler.scheduleWithFixedDelay(this::forgetExpiredKeys, 1, 60, TimeUnit.MINUTES);
    }

    private void forgetExpiredKeys() {
        try {
            int forgotten = idempotencyRetention.forgetExpired();
            LOG.fine(() -> "Forgot " + forgotten + " expired idempotency keys");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not forget expired idempotency keys", e);
        }
    }

    /** Printed once, on the first start: the secret is stored only as a hash. */
    private static void announce(ApiKey.Issued issued) {
        System.out.println("""

                ==================================================================
                 Segmentflow bootstrap API key (shown once, store it now):
                   %s
                 Use it as  x-api-key: <key>  or  Authorization: Bearer <key>
                ==================================================================
                """.formatted(issued.secret()));
    }
}
