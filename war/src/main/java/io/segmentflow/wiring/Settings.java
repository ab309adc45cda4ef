package io.segmentflow.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's configuration. Each property is read from the environment too: {@code segmentflow.smtp.host}
 * from {@code SEGMENTFLOW_SMTP_HOST}, and so on (MicroProfile Config's mapping).
 */
@ApplicationScoped
public class Settings {
    @Inject
    @ConfigProperty(name = "segmentflow.smtp.host")
    Optional<String> smtpHost;
    @Inject
    @ConfigProperty(name = "segmentflow.smtp.port", defaultValue = "25")
    int smtpPort;
    @Inject
    @ConfigProperty(name = "segmentflow.smtp.user")
    Optional<String> smtpUser;
    @Inject
    @ConfigProperty(name = "segmentflow.smtp.password")
    Optional<String> smtpPassword;
    @Inject
    @ConfigProperty(name = "segmentflow.smtp.tls", defaultValue = "false")
    boolean smtpTls;
    @Inject
    @ConfigProperty(name = "segmentflow.capture.dir", defaultValue = "mail-capture")
    String captureDir;
    @Inject
    @ConfigProperty(name = "segmentflow.default.from", defaultValue = "Segmentflow <no-reply@localhost>")
    String defaultFrom;
    @Inject
    @ConfigProperty(name = "segmentflow.bootstrap.api.key")
    Optional<String> bootstrapApiKey;
    @Inject
    @ConfigProperty(name = "segmentflow.public.url", defaultValue = "http://localhost:9080")
    String publicUrl;
    @Inject
    @ConfigProperty(name = "segmentflow.delivery.workers", defaultValue = "4")
    int deliveryWorkers;
    @Inject
    @ConfigProperty(name = "segmentflow.delivery.poll.millis", defaultValue = "1000")
    long pollMillis;
    @Inject
    @ConfigProperty(name = "segmentflow.delivery.lease.seconds", defaultValue = "120")
    long leaseSeconds;
    @Inject
    @ConfigProperty(name = "segmentflow.delivery.max.attempts", defaultValue = "8")
    int maxAttempts;

    public Optional<String> smtpHost() {
        return smtpHost.filter(h -> !h.isBlank());
    }

    public int smtpPort() {
        return smtpPort;
    }

    public Optional<String> smtpUser() {
        return smtpUser.filter(u -> !u.isBlank());
    }

    public Optional<String> smtpPassword() {
        return smtpPassword;
    }

    public boolean smtpTls() {
        return smtpTls;
    }

    public String captureDir() {
        return captureDir;
    }

    public String defaultFrom() {
        return defaultFrom;
    }

    public Optional<String> bootstrapApiKey() {
        return bootstrapApiKey.filter(k -> !k.isBlank());
    }

    public String publicUrl() {
        return publicUrl;
    }

    public int deliveryWorkers() {
        return deliveryWorkers;
    }

    public long pollMillis() {
        return pollMillis;
    }

    public long leaseSeconds() {
        return leaseSeconds;
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
