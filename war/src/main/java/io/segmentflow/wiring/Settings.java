package io.segmentflow.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's configuration. Each property is read from the environment too: {@code segmentflow.smtp.host}
 * from {@code SEGMENTFLOW_SMTP_HOST}, and so on (MicroProfile Config's mapping).
 */
@ApplicationScoped
public class Settings {
    /** The data source's own settings (server.xml), read here too for the listener's connection of its own. */
    @Inject
    @ConfigProperty(name = "segmentflow.db.url")
    Optional<String> dbUrl;

    @Inject
    @ConfigProperty(name = "segmentflow.db.user", defaultValue = "segmentflow")
    String dbUser;

    @Inject
    @ConfigProperty(name = "segmentflow.db.password")
    Optional<String> dbPassword;

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
    @ConfigProperty(name = "segmentflow.unsubscribe.secret")
    Optional<String> unsubscribeSecret;

    @Inject
    @ConfigProperty(name = "segmentflow.dkim.key.secret")
    Optional<String> dkimKeySecret;

    @Inject
    @ConfigProperty(name = "segmentflow.dns.resolver")
    Optional<String> dnsResolver;

    @Inject
    @ConfigProperty(name = "segmentflow.bootstrap.key.file", defaultValue = "bootstrap-api-key")
    String bootstrapKeyFile;

    @Inject
    @ConfigProperty(name = "segmentflow.admin.email", defaultValue = "admin@localhost")
    String adminEmail;

    @Inject
    @ConfigProperty(name = "segmentflow.admin.password")
    Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "segmentflow.admin.password.file", defaultValue = "admin-password")
    String adminPasswordFile;

    @Inject
    @ConfigProperty(name = "segmentflow.sign.in.failures.burst", defaultValue = "5")
    int signInFailuresBurst;

    @Inject
    @ConfigProperty(name = "segmentflow.sign.in.failures.per.minute", defaultValue = "1")
    double signInFailuresPerMinute;

    @Inject
    @ConfigProperty(name = "segmentflow.auth.failures.burst", defaultValue = "10")
    int authFailuresBurst;

    @Inject
    @ConfigProperty(name = "segmentflow.auth.failures.per.minute", defaultValue = "60")
    double authFailuresPerMinute;

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
    @ConfigProperty(name = "segmentflow.delivery.gather.millis", defaultValue = "20")
    long deliveryGatherMillis;

    /** How often the scheduler looks for Broadcasts and Issues whose time has come. */
    @Inject
    @ConfigProperty(name = "segmentflow.scheduler.poll.millis", defaultValue = "1000")
    long schedulerPollMillis;

    @Inject
    @ConfigProperty(name = "segmentflow.journey.workers", defaultValue = "2")
    int journeyWorkers;

    @Inject
    @ConfigProperty(name = "segmentflow.event.data.retention.days", defaultValue = "30")
    int eventDataRetentionDays;

    @Inject
    @ConfigProperty(name = "segmentflow.delivery.lease.seconds", defaultValue = "120")
    long leaseSeconds;

    @Inject
    @ConfigProperty(name = "segmentflow.delivery.max.attempts", defaultValue = "200")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "segmentflow.delivery.retry.first.seconds", defaultValue = "60")
    long firstRetrySeconds;

    @Inject
    @ConfigProperty(name = "segmentflow.delivery.retry.longest.seconds", defaultValue = "3600")
    long longestRetrySeconds;

    @Inject
    @ConfigProperty(name = "segmentflow.delivery.lifetime.seconds", defaultValue = "345600")
    long lifetimeSeconds;

    @Inject
    @ConfigProperty(name = "segmentflow.accept.group.size", defaultValue = "100")
    int acceptGroupSize;

    @Inject
    @ConfigProperty(name = "segmentflow.accept.group.millis", defaultValue = "2")
    long acceptGroupMillis;

    @Inject
    @ConfigProperty(name = "segmentflow.smtp.max.connections")
    Optional<Integer> smtpMaxConnections;

    @Inject
    @ConfigProperty(name = "segmentflow.smtp.max.rate", defaultValue = "0")
    double smtpMaxRate;

    @Inject
    @ConfigProperty(name = "segmentflow.import.max.bytes", defaultValue = "1073741824")
    long importMaxBytes;

    /** The database's URL when it is a PostgreSQL one; empty on the embedded database. */
    public Optional<String> postgreSqlUrl() {
        return dbUrl.filter(url -> url.startsWith("jdbc:postgresql:"));
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword.orElse("");
    }

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

    /** The key that signs unsubscribe links; empty: one generated once and kept in the database. */
    public Optional<String> unsubscribeSecret() {
        return unsubscribeSecret.filter(k -> !k.isBlank());
    }

    /** The secret sender domains' DKIM private keys are sealed with; empty: one generated once, kept in the database. */
    public Optional<String> dkimKeySecret() {
        return dkimKeySecret.filter(k -> !k.isBlank());
    }

    /** The DNS resolver ({@code host:port}) sender domains are verified through; empty: the system's. */
    public Optional<String> dnsResolver() {
        return dnsResolver.filter(r -> !r.isBlank());
    }

    public Optional<String> bootstrapApiKey() {
        return bootstrapApiKey.filter(k -> !k.isBlank());
    }

    /** Where a generated bootstrap key is written, readable by the server's user alone. */
    public String bootstrapKeyFile() {
        return bootstrapKeyFile;
    }

    /** The first operator, owner of the first workspace. */
    public String adminEmail() {
        return adminEmail;
    }

    /** The first operator's password; empty: one generated when the account is made, written to its file. */
    public Optional<String> adminPassword() {
        return adminPassword.filter(p -> !p.isBlank());
    }

    /** Where a generated password of the first operator is written, readable by the server's user alone. */
    public String adminPasswordFile() {
        return adminPasswordFile;
    }

    /** Failed sign-ins one operator account may have at once. */
    public int signInFailuresBurst() {
        return signInFailuresBurst;
    }

    /** Failed sign-ins one operator account may have per minute, beyond the burst. */
    public double signInFailuresPerMinute() {
        return signInFailuresPerMinute;
    }

    /** Failed authentications a client address may make at once. */
    public int authFailuresBurst() {
        return authFailuresBurst;
    }

    /** Failed authentications a client address may make per minute, beyond the burst. */
    public double authFailuresPerMinute() {
        return authFailuresPerMinute;
    }

    public String publicUrl() {
        return publicUrl;
    }

    public int deliveryWorkers() {
        return deliveryWorkers;
    }

    public int journeyWorkers() {
        return journeyWorkers;
    }

    /** How long a tracked event's data is kept (runs still waiting keep what they need until they end). */
    public Duration eventDataRetention() {
        return Duration.ofDays(eventDataRetentionDays);
    }

    public long pollMillis() {
        return pollMillis;
    }

    /** How long a delivery worker whose claim took everything due rests before it claims again (0 to 1,000 ms). */
    public long deliveryGatherMillis() {
        return Math.max(0, Math.min(1000, deliveryGatherMillis));
    }

    public Duration schedulerPoll() {
        return Duration.ofMillis(Math.max(100, schedulerPollMillis));
    }

    public long leaseSeconds() {
        return leaseSeconds;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long firstRetrySeconds() {
        return firstRetrySeconds;
    }

    public long longestRetrySeconds() {
        return longestRetrySeconds;
    }

    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** Connections to the relay at most; by default one per delivery worker, so no worker waits for one. */
    public int smtpMaxConnections() {
        return smtpMaxConnections.orElse(Math.max(1, deliveryWorkers));
    }

    /** Messages per second through the relay at most; 0 for no limit. */
    public double smtpMaxRate() {
        return smtpMaxRate;
    }

    /** Concurrent single sends accepted in one transaction at most. */
    public int acceptGroupSize() {
        return acceptGroupSize;
    }

    /** How long the first send of a group waits for others before its group is accepted. */
    public long acceptGroupMillis() {
        return acceptGroupMillis;
    }

    /** The largest upload of Profiles to import. */
    public long importMaxBytes() {
        return importMaxBytes;
    }
}
