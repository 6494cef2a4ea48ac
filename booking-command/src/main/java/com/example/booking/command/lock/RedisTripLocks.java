package com.example.booking.command.lock;

import com.example.booking.shared.TripId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

/**
 * Per-trip locks on Spring Integration's {@link RedisLockRegistry}: a well-kept implementation with a
 * lease (the key's TTL), ownership checks on unlock, and pub/sub wake-ups instead of polling. It also
 * queues requests of one node on a local lock first, so a hot trip costs Redis one round trip per
 * command instead of one per waiting thread. Chosen over Redisson because it reuses Spring Data Redis's
 * connection factory (one client, one configuration) and needs no second Redis driver.
 * <p>
 * The lock is about efficiency, not correctness: if a lease runs out under a long pause, the event
 * store's unique (aggregate, sequence) index still rejects the stale writer.
 */
public class RedisTripLocks implements TripLocks, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTripLocks.class);

    private final RedisLockRegistry registry;
    private final Duration lease;
    private final ThreadPoolTaskScheduler renewals;

    public RedisTripLocks(RedisConnectionFactory connectionFactory, Duration lease, boolean renew) {
        this.registry = new RedisLockRegistry(connectionFactory, "booking:trip-lock", lease.toMillis());
        this.registry.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
        this.lease = lease;
        if (renew) {
            // a short lease frees a crashed node's trips quickly; renewal keeps a slow live holder's lock
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(1);
            scheduler.setThreadNamePrefix("trip-lock-renewal-");
            scheduler.setDaemon(true);
            // unlocking cancels a renewal that may be mid-call; that interruption is no failure
            scheduler.setErrorHandler(RedisTripLocks::renewalFailed);
            scheduler.initialize();
            this.renewals = scheduler;
            this.registry.setRenewalTaskScheduler(scheduler);
        } else {
            this.renewals = null;
        }
    }

    private static void renewalFailed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || String.valueOf(cause.getMessage()).contains("interrupted")) {
                return;
            }
        }
        log.warn("could not renew a trip lock; it lapses at the end of its lease: {}", failure.toString());
    }

    @Override
    public Lock lockOf(TripId tripId) {
        return registry.obtain(tripId.value());
    }

    @Override
    public Duration lease() {
        return lease;
    }

    @Override
    public void close() {
        registry.destroy();
        if (renewals != null) {
            renewals.shutdown();
        }
    }
}
