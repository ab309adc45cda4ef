package io.segmentflow.adapters.out.mail;

import java.time.Duration;

/**
 * Where and how {@link SmtpMailRelay} reaches its relay.
 *
 * @param username       {@code null} or blank for a relay that needs no authentication
 * @param startTls       upgrade with STARTTLS and refuse a relay that does not offer it, so credentials and
 *                       messages never cross the network in clear text by accident
 * @param connectTimeout for the TCP connect
 * @param readTimeout    for each server reply, and for each socket write
 * @param maxConnections connections held open (and deliveries in flight) at most
 * @param maxMessagesPerSecond the relay's rate limit, spread evenly over each second; 0 for none
 */
public record SmtpSettings(
        String host,
        int port,
        String username,
        String password,
        boolean startTls,
        Duration connectTimeout,
        Duration readTimeout,
        int maxConnections,
        double maxMessagesPerSecond) {

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("SMTP host must not be blank");
        }
        host = host.strip();
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("SMTP port must be between 1 and 65535, was " + port);
        }
        username = username == null || username.isBlank() ? null : username;
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (!(maxMessagesPerSecond >= 0) || Double.isInfinite(maxMessagesPerSecond)) {
            throw new IllegalArgumentException(
                    "maxMessagesPerSecond must be 0 (no limit) or positive, was " + maxMessagesPerSecond);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", startTls=" + startTls
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxConnections=" + maxConnections + ", maxMessagesPerSecond=" + maxMessagesPerSecond + "]";
    }
}
