package io.segmentflow.application.access;

import io.segmentflow.domain.apikey.ApiKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Active API keys found lately, by the hash of their secret, so that a request need not read its key from the
 * database: that read cost an emails.send a twentieth of its CPU and a round trip before its answer.
 *
 * <p>A revoked key must stop at once on every node, so a key is served from here only while this node hears of
 * every revocation ({@link #hearsRevocations}): it is the only node, or it listens to the others. Each revocation,
 * here or heard from another node, forgets every key. A key read from the database while a revocation was being
 * forgotten is not kept: the read may predate the revocation's commit ({@link #generation}). An entry lasts
 * {@link #LIFETIME} at most, which bounds how long a revocation can go unseen if the node stops hearing without
 * knowing it yet (a connection the network dropped without a word).
 */
final class ApiKeyCache {
    static final Duration LIFETIME = Duration.ofSeconds(10);
    /** More keys than any workspace holds; past it, the cache starts again rather than grow. */
    static final int MAX_KEYS = 10_000;

    private record Entry(ApiKey key, long expiresAtMillis) {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();
    /** Moves on before each forgetting, so that a read begun before it can tell. */
    private final AtomicLong generation = new AtomicLong();

    private volatile boolean hearsRevocations;

    ApiKeyCache(Clock clock) {
        this.clock = clock;
    }

    /** To read before looking a key up in the database, and to hand to {@link #keep} with what was found. */
    long generation() {
        return generation.get();
    }

    /** The active key with this hash, if kept and still fresh; null when it must be read from the database. */
    ApiKey find(String hash) {
        if (!hearsRevocations) {
            return null;
        }
        Entry entry = keys.get(hash);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAtMillis() <= now()) {
            keys.remove(hash, entry);
            return null;
        }
        return entry.key();
    }

    /** Keeps an active key read from the database, unless something was forgotten since {@code readAt}. */
    void keep(ApiKey key, long readAt) {
        if (!hearsRevocations || generation.get() != readAt) {
            return;
        }
        if (keys.size() >= MAX_KEYS) {
            keys.clear();
        }
        Entry entry = new Entry(key, now() + LIFETIME.toMillis());
        keys.put(key.hash(), entry);
        // A forgetting that began after the check above moved the generation on before it cleared: if it cleared
        // before this entry went in, the entry is taken out here.
        if (generation.get() != readAt) {
            keys.remove(key.hash(), entry);
        }
    }

    /** Not {@code clock.millis()}: a clock that ticks in less than a millisecond divides by zero there (JDK 17). */
    private long now() {
        return clock.instant().toEpochMilli();
    }

    /** A key was revoked (committed): every key is read again from the database. */
    void forgetAll() {
        generation.incrementAndGet();
        keys.clear();
    }

    /**
     * Whether this node hears of every revocation from now on. Either way, what was kept is forgotten: revocations
     * may have gone unheard until now.
     */
    void hearsRevocations(boolean hears) {
        hearsRevocations = hears;
        forgetAll();
    }
}
