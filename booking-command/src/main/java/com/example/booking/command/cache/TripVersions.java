package com.example.booking.command.cache;

import com.example.booking.shared.error.BookingRejectedException;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Keeps this node's cached trips honest when other nodes change them. Every node that commits events of
 * a trip publishes the trip's new version (its last sequence number) in Redis and remembers it locally;
 * before a command runs under the trip's lock, a cached trip whose local version differs from the
 * published one is evicted and loaded afresh from the event store.
 * <p>
 * If the published version is missing or wrong (Redis was flushed), the cost is only an extra load:
 * a mismatch always evicts, and a stale decision that writes is still refused by the event store's
 * unique index.
 */
public class TripVersions implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(TripVersions.class);
    private static final String KEY = "booking:trip-version:";
    private static final String PENDING = TripVersions.class.getName() + ".pending";

    private final StringRedisTemplate redis;
    private final Cache cache;
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    public TripVersions(StringRedisTemplate redis, Cache cache) {
        this.redis = redis;
        this.cache = cache;
    }

    /**
     * Called under the trip's lock, before its command is handled. If Redis has gone away since the lock was
     * taken, the trip is loaded afresh: a stale cached trip must not decide, and the command still runs
     * under the lock it holds (before, the failure answered the caller 500).
     */
    public void refresh(String tripId) {
        String published;
        try {
            published = redis.opsForValue().get(KEY + tripId);
        } catch (RuntimeException e) {
            // an unreadable version is an unknown one
            log.warn("could not read the version of trip {}; loading it afresh: {}", tripId, e.toString());
            published = null;
        }
        Long mine = known.get(tripId);
        if (published == null || mine == null || Long.parseLong(published) != mine) {
            cache.remove(tripId);
            if (published != null) {
                known.put(tripId, Long.parseLong(published));
            } else {
                known.remove(tripId);
            }
        }
    }

    /** Sees every event as it is applied; publishes the trip versions once the unit of work commits. */
    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            if (message instanceof DomainEventMessage<?> event && CurrentUnitOfWork.isStarted()) {
                var unitOfWork = CurrentUnitOfWork.get().root();
                Map<String, Long> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
                    Map<String, Long> versions = new ConcurrentHashMap<>();
                    unitOfWork.afterCommit(done -> versions.forEach(this::committed));
                    return versions;
                });
                pending.merge(event.getAggregateIdentifier(), event.getSequenceNumber(), Math::max);
            }
            return message;
        };
    }

    /** Records that this node committed the trip up to {@code version}, and tells the other nodes. */
    void committed(String tripId, long version) {
        known.put(tripId, version);
        try {
            redis.opsForValue().set(KEY + tripId, Long.toString(version));
        } catch (RuntimeException e) {
            // other nodes will not see this version and keep their cache; their next write conflicts and reloads
            known.remove(tripId);
            log.warn("could not publish version {} of trip {}: {}", version, tripId, e.toString());
        }
    }

    /**
     * Whether the unit of work now rolling back is a command the trip refused before it applied any event.
     * Axon drops a cached aggregate on every rollback, since a failed handler may have changed it; a
     * refused one has not (handlers validate, then apply), so the trip in the cache is still exact.
     * Events applied in the unit of work are what this interceptor records as pending.
     */
    static boolean refusedUnchanged() {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        ExecutionResult result = unitOfWork.getExecutionResult();
        return unitOfWork.phase() == UnitOfWork.Phase.ROLLBACK && result != null && result.isExceptionResult()
                && result.getExceptionResult() instanceof BookingRejectedException
                && !unitOfWork.root().resources().containsKey(PENDING);
    }
}
