package com.example.booking.query.progress;

import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How far each projection has applied each trip's events. It makes two things possible: skipping an
 * event a projection has already applied (idempotence under redelivery), and letting the edge answer a
 * command only once every read model shows its effect (read-your-writes).
 * <p>
 * Waiters are woken by projections on this node; they also re-read MongoDB periodically, because the
 * segment that handles a trip may be claimed by another node. Progress is kept per processor (one per
 * projection slot), and readers wait for the processors of the live slots only.
 */
public class ProjectionProgress {

    static final String COLLECTION = "projection_positions";
    /** How often a waiter re-reads MongoDB for progress made on other nodes. */
    private static final long RECHECK_MILLIS = 200;

    private final MongoTemplate mongo;
    private final Supplier<? extends Collection<String>> liveProcessors;
    private final Object signal = new Object();
    /** Progress made by this node's projections: most waits end here without a query. */
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    /** This instance's key among a batch's resources, built once rather than for every event. */
    private final String batchResource = BatchPositions.class.getName() + "@" + System.identityHashCode(this);

    public ProjectionProgress(MongoTemplate mongo, Supplier<? extends Collection<String>> liveProcessors) {
        this.mongo = mongo;
        this.liveProcessors = liveProcessors;
        // a command's answer waits on a trip's positions; status and rebuilds read a processor's
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("group", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("group", Sort.Direction.ASC));
    }

    /** The last trip position {@code group} applied, or -1. */
    public long positionOf(String group, String tripId) {
        BatchPositions batch = batch();
        if (batch != null) {
            return batch.known.computeIfAbsent(id(group, tripId), this::storedPosition);
        }
        return storedPosition(id(group, tripId));
    }

    public boolean isApplied(String group, String tripId, long position) {
        return positionOf(group, tripId) >= position;
    }

    /**
     * Records that {@code group} applied the trip up to {@code position}. Inside a processor's batch the
     * positions are written once per trip when the batch commits, instead of once per event: during a
     * replay that was one of the few MongoDB round trips each event cost. Writing them after the token
     * is safe: the data writes happened per event, and a batch that never commits is delivered again,
     * finding its positions not yet advanced.
     */
    public void advance(String group, String tripId, long position) {
        BatchPositions batch = batch();
        if (batch != null) {
            batch.known.merge(id(group, tripId), position, Math::max);
            batch.advanced.merge(new Key(group, tripId), position, Math::max);
            return;
        }
        store(Map.of(new Key(group, tripId), position));
    }

    private void store(Map<Key, Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        BulkOperations upserts = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PositionDocument.class, COLLECTION);
        positions.forEach((key, position) -> upserts.upsert(Query.query(Criteria.where("_id").is(id(key.group(), key.tripId()))),
                new Update().set("group", key.group()).set("tripId", key.tripId()).max("position", position)));
        upserts.execute();
        positions.forEach((key, position) -> local.merge(id(key.group(), key.tripId()), position, Math::max));
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private long storedPosition(String id) {
        PositionDocument document = mongo.findById(id, PositionDocument.class, COLLECTION);
        return document == null ? -1 : document.position();
    }

    /** This batch's positions, when called from an event processor's batch; null otherwise. */
    private BatchPositions batch() {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> unitOfWork)) {
            return null;
        }
        return unitOfWork.root().getOrComputeResource(batchResource, key -> {
            BatchPositions positions = new BatchPositions();
            unitOfWork.onPrepareCommit(committing -> store(positions.advanced));
            return positions;
        });
    }

    private record Key(String group, String tripId) {
    }

    /** Positions read and advanced within one batch of events. */
    private static final class BatchPositions {
        final Map<String, Long> known = new HashMap<>();
        final Map<Key, Long> advanced = new LinkedHashMap<>();
    }

    /** Waits until every projection has applied the trip up to {@code position}; false on timeout. */
    public boolean awaitTrip(String tripId, long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextDatabaseCheck = System.nanoTime();
        while (true) {
            if (reachedLocally(tripId, position)) {
                return true;
            }
            if (System.nanoTime() >= nextDatabaseCheck) {
                if (allReached(tripId, position)) {
                    return true;
                }
                nextDatabaseCheck = System.nanoTime() + RECHECK_MILLIS * 1_000_000;
            }
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return false;
            }
            synchronized (signal) {
                if (reachedLocally(tripId, position)) {
                    return true;
                }
                try {
                    signal.wait(Math.min(remainingMillis, RECHECK_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** Forgets the positions of one processor, so a replay applies every event again. */
    public void reset(String group) {
        forgetLocally(group);
        mongo.remove(Query.query(Criteria.where("group").is(group)), COLLECTION);
    }

    /** Drops what this node remembers of a processor another node has reset. */
    public void forgetLocally(String group) {
        local.keySet().removeIf(key -> key.startsWith(group + ":"));
    }

    /** The position every trip has reached in {@code group}'s read model. */
    public Map<String, Long> positions(String group) {
        Map<String, Long> positions = new HashMap<>();
        mongo.find(Query.query(Criteria.where("group").is(group)), PositionDocument.class, COLLECTION)
                .forEach(document -> positions.put(document.tripId(), document.position()));
        return positions;
    }

    private boolean reachedLocally(String tripId, long position) {
        for (String group : liveProcessors.get()) {
            if (local.getOrDefault(id(group, tripId), -1L) < position) {
                return false;
            }
        }
        return true;
    }

    private boolean allReached(String tripId, long position) {
        Collection<String> groups = liveProcessors.get();
        long reached = mongo.count(Query.query(Criteria.where("tripId").is(tripId).and("group").in(groups)
                .and("position").gte(position)), COLLECTION);
        return reached >= groups.size();
    }

    private static String id(String group, String tripId) {
        return group + ":" + tripId;
    }

    record PositionDocument(String id, String group, String tripId, long position) {
    }
}
