package io.segmentflow.application.access;

import io.segmentflow.application.error.TooManyFailuresException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many failed authentications a client address may make: a bucket of {@code burst} failures per address,
 * refilled at {@code perMinute}. An address whose bucket is empty is refused with 429 until a failure's worth
 * has refilled, and its keys are not even looked up, so guessing is no faster than the refill. Only a failure takes
 * from the bucket, so a client with a valid key is never slowed by its own requests, however many it sends at once.
 * Guesses sent in parallel on the last failure left all pass, and each is charged when it fails: the bucket goes into
 * debt, and the address waits until every one of them has refilled, so parallel guessing only borrows from its own
 * future.
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
     * Before a key from {@code address} is looked up: refuses an address with no failure left.
     *
     * @throws TooManyFailuresException when the address has no failure left, with the time until it has one
     */
    public void check(String clientAddress) {
        String address = bucketOf(clientAddress);
        Instant now = clock.instant();
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            bucket = newBucket(address, now);
        }
        Duration wait = bucket.waitBeforeLookUp(now);
        if (!wait.isZero()) {
            throw new TooManyFailuresException(wait);
        }
    }

    /** The key from {@code address} was unknown or revoked: a failure's worth is taken, into debt if need be. */
    public void failed(String clientAddress) {
        Bucket bucket = buckets.get(bucketOf(clientAddress));
        if (bucket != null) {
            bucket.failedAt(clock.instant());
        }
    }

    /**
     * The bucket an address counts against: its own for IPv4, its /64 for IPv6, since one host is commonly given a
     * whole /64 and could otherwise start afresh from each of its addresses.
     */
    static String bucketOf(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(
                            address.startsWith("[") ? address.substring(1, address.length() - 1) : address)
                    .getAddress();
            if (bytes.length != 16) {
                return address;
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return address; // not an address literal: counted as given
        }
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

        synchronized Duration waitBeforeLookUp(Instant now) {
            refill(now);
            if (left >= 1) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - left) / perNano));
        }

        synchronized void failedAt(Instant now) {
            refill(now);
            left -= 1;
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
