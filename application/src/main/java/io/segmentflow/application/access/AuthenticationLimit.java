package io.segmentflow.application.access;

import io.segmentflow.application.error.TooManyFailuresException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many failed authentications a client address may make: a bucket of {@code burst} failures per address,
 * refilled at {@code perMinute}. An address whose bucket is empty is refused with 429 until a failure's worth
 * has refilled, and its keys are not even looked up, so guessing is no faster than the refill. A key that
 * authenticates never takes from a bucket, so a client with a valid key is never slowed by its own requests.
 * <p>
 * Buckets live in memory, one node's each, and there are at most {@code maxAddresses}: a full bucket says
 * nothing and is dropped first; beyond that, the address that failed longest ago is forgotten.
 */
public final class AuthenticationLimit {
    /** The defaults: 10 failures at once, then one a second. */
    public static final int DEFAULT_BURST = 10;
    public static final double DEFAULT_PER_MINUTE = 60;
    public static final int DEFAULT_MAX_ADDRESSES = 10_000;

    private final int burst;
    private final double perNano;
    private final int maxAddresses;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public AuthenticationLimit(int burst, double perMinute, int maxAddresses, Clock clock) {
        if (burst < 1 || !(perMinute > 0) || maxAddresses < 1) {
            throw new IllegalArgumentException("the failure limit needs a burst of at least 1 and a positive rate");
        }
        this.burst = burst;
        this.perNano = perMinute / Duration.ofMinutes(1).toNanos();
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    public static AuthenticationLimit defaults(Clock clock) {
        return new AuthenticationLimit(DEFAULT_BURST, DEFAULT_PER_MINUTE, DEFAULT_MAX_ADDRESSES, clock);
    }

    /**
     * Before a key from {@code address} is looked up.
     *
     * @throws TooManyFailuresException when the address has no failure left, with the time until it has one
     */
    public void check(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return;
        }
        Duration wait = bucket.waitForOne(clock.instant());
        if (!wait.isZero()) {
            throw new TooManyFailuresException(wait);
        }
    }

    /** A key from {@code address} was unknown or revoked. */
    public void failed(String address) {
        Instant now = clock.instant();
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            bucket = newBucket(address, now);
        }
        bucket.take(now);
    }

    /** Addresses tracked now, for tests of the bound. */
    int addresses() {
        return buckets.size();
    }

    private synchronized Bucket newBucket(String address, Instant now) {
        Bucket existing = buckets.get(address);
        if (existing != null) {
            return existing;
        }
        if (buckets.size() >= maxAddresses) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        if (buckets.size() >= maxAddresses) {
            forgetOldest();
        }
        Bucket bucket = new Bucket(now);
        buckets.put(address, bucket);
        return bucket;
    }

    private void forgetOldest() {
        String oldest = null;
        Instant oldestFailure = Instant.MAX;
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Bucket> entry = it.next();
            Instant failure = entry.getValue().lastFailure();
            if (failure.isBefore(oldestFailure)) {
                oldestFailure = failure;
                oldest = entry.getKey();
            }
        }
        if (oldest != null) {
            buckets.remove(oldest);
        }
    }

    /** One address's failures left, refilled continuously since the last time they were counted. */
    private final class Bucket {
        private double left;
        private Instant counted;
        private Instant lastFailure;

        Bucket(Instant now) {
            this.left = burst;
            this.counted = now;
            this.lastFailure = now;
        }

        synchronized Duration waitForOne(Instant now) {
            refill(now);
            return left >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - left) / perNano));
        }

        synchronized void take(Instant now) {
            refill(now);
            left = Math.max(0, left - 1);
            lastFailure = now;
        }

        synchronized boolean isFull(Instant now) {
            refill(now);
            return left >= burst;
        }

        synchronized Instant lastFailure() {
            return lastFailure;
        }

        private void refill(Instant now) {
            if (now.isAfter(counted)) {
                left = Math.min(burst, left + Duration.between(counted, now).toNanos() * perNano);
                counted = now;
            }
        }
    }
}
