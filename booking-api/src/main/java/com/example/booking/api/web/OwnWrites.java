package com.example.booking.api.web;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes, kept by the reads: a command is answered once its events are stored, and a later read
 * by the same user waits until the live read models show that user's latest write of each trip the read
 * shows: of one trip for that trip's seat map, summary or statistics, of every trip for the user's holds
 * and bookings.
 * <p>
 * Why not wait in the command's answer: under an on-sale's load the read models trail the event store by
 * ~100 ms, so every successful hold and confirmation waited that long, though the write side had already
 * decided it. A user who reads right after writing waits as before; one who does not (the next hold, a
 * confirmation, a live subscriber) does not pay for it.
 * <p>
 * The latest positions live in Redis, one hash per user, so a read served by another node than the write
 * waits too. The hash outlives the wait's timeout ({@code booking.read-your-writes-remembered}): a read after
 * a wait that ran out must still know the read models trail its caller, or it would answer "not found"
 * for a booking confirmed a moment ago. Redis being away degrades this to eventual
 * consistency, never to a failed command: the command has been stored by then.
 */
@Component
public class OwnWrites {

    private static final Logger log = LoggerFactory.getLogger(OwnWrites.class);
    private static final String KEY = "booking:own-writes:";
    /** Request attribute, {@code true} when the read models did not show the caller's writes in time. */
    public static final String BEHIND = "booking.own-writes.behind";
    /** Only ever raises a trip's position: two commands of one user on two nodes may be answered out of order. */
    private static final RedisScript<Long> RAISE = RedisScript.of("""
            local known = redis.call('HGET', KEYS[1], ARGV[1])
            if not known or tonumber(known) < tonumber(ARGV[2]) then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1""", Long.class);

    /** Where a read waits for the read models: {@link ProjectionProgress#awaitTrip}. */
    interface ReadModels {
        /** Waits until every live read model shows the trip up to {@code position}; false on timeout. */
        boolean awaitTrip(String tripId, long position, Duration timeout);
    }

    private final StringRedisTemplate redis;
    private final ReadModels progress;
    private final Duration timeout;
    private final Duration remembered;
    private final Timer waited;

    @Autowired
    OwnWrites(StringRedisTemplate redis, ProjectionProgress progress,
              @Value("${booking.read-your-writes-timeout:5s}") Duration timeout,
              @Value("${booking.read-your-writes-remembered:1m}") Duration remembered, MeterRegistry meters) {
        this(redis, progress::awaitTrip, timeout, remembered, meters);
    }

    OwnWrites(StringRedisTemplate redis, ReadModels progress, Duration timeout, Duration remembered,
              MeterRegistry meters) {
        this.redis = redis;
        this.progress = progress;
        this.timeout = timeout;
        this.remembered = remembered.compareTo(timeout) < 0 ? timeout : remembered;
        this.waited = Timer.builder("booking.read.own-writes")
                .description("Time a read waits until every live read model shows its caller's latest writes")
                .register(meters);
    }

    /** The user's command stored the trip's events up to {@code position}. */
    public void wrote(UserId user, TripId trip, long position) {
        try {
            redis.execute(RAISE, List.of(KEY + user.value()), trip.value(), Long.toString(position),
                    Long.toString(remembered.toMillis()));
        } catch (DataAccessException e) {
            log.warn("could not note {}'s write of trip {} at {}: their next read may not show it yet: {}",
                    user.value(), trip.value(), position, e.toString());
        }
    }

    /** Waits, at most the timeout, until the live read models show the trip up to {@code position} to everyone. */
    public void awaitSeenByAll(TripId trip, long position) {
        if (!progress.awaitTrip(trip.value(), position, timeout)) {
            log.warn("read models of trip {} did not reach position {} within {}", trip.value(), position, timeout);
        }
    }

    /**
     * Waits, at most the timeout in all, until the read models show every recent write of the user.
     *
     * @return false if the timeout ran out first: the read models may still miss something the user did
     */
    public boolean awaitFor(UserId user) {
        Map<String, Long> written;
        try {
            written = latest(user);
        } catch (DataAccessException e) {
            log.debug("own writes of {} unknown, reading without waiting: {}", user.value(), e.toString());
            return true;
        }
        return await(user, written);
    }

    /**
     * As {@link #awaitFor(UserId)}, for a read that shows one trip only: the user's writes of other trips
     * are not waited for. A user who held seats on one trip and opens the next trip's seat map waited for
     * the first trip's read models, seconds on a busy network of many trips.
     */
    public boolean awaitFor(UserId user, TripId trip) {
        Object position;
        try {
            position = redis.opsForHash().get(KEY + user.value(), trip.value());
        } catch (DataAccessException e) {
            log.debug("own writes of {} on {} unknown, reading without waiting: {}", user.value(), trip.value(), e.toString());
            return true;
        }
        return position == null || await(user, Map.of(trip.value(), Long.parseLong(position.toString())));
    }

    private boolean await(UserId user, Map<String, Long> written) {
        if (written.isEmpty()) {
            return true;
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        boolean caughtUp = true;
        for (Map.Entry<String, Long> write : written.entrySet()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!progress.awaitTrip(write.getKey(), write.getValue(), left)) {
                log.warn("read models of trip {} did not reach {}'s write at {} within {}", write.getKey(),
                        user.value(), write.getValue(), timeout);
                caughtUp = false;
            }
        }
        waited.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return caughtUp;
    }

    /** The latest position of each trip the user wrote within the time writes are remembered. */
    Map<String, Long> latest(UserId user) {
        Map<String, Long> latest = new HashMap<>();
        redis.<String, String>opsForHash().entries(KEY + user.value())
                .forEach((trip, position) -> latest.put(trip, Long.parseLong(position)));
        return latest;
    }
}
