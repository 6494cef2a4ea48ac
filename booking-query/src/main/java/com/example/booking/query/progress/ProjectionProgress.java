package com.example.booking.query.progress;

import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How far each projection has applied each trip's events. It makes two things possible: skipping an
 * event a projection has already applied (idempotence under redelivery), and letting the edge answer a
 * command only once every read model shows its effect (read-your-writes).
 * <p>
 * Waiters are woken by projections on this node. Because the segment that handles a trip may be claimed
 * by another node, one poller per node also re-reads, in a single query, the positions of every trip
 * someone is waiting for: a query per waiter (hundreds of waiters under load) kept the MongoDB server so
 * busy that the projections they waited for fell behind. Progress is kept per processor (one per
 * projection slot), and readers wait for the processors of the live slots only.
 * <p>
 * A waiter is woken once, when its trip has reached its position in every live read model: with one
 * monitor for all, each projection batch woke every waiting request thread of the node (hundreds in an
 * on-sale) to check and sleep again, one after another.
 */
public class ProjectionProgress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionProgress.class);
    static final String COLLECTION = "projection_positions";
    /** How often the poller re-reads MongoDB for progress made on other nodes. */
    private static final long RECHECK_MILLIS = 200;

    private final MongoTemplate mongo;
    private final Supplier<? extends Collection<String>> liveProcessors;
    /** Progress made by this node's projections, and by other nodes' as polled: waits end here. */
    private final Map<String, Long> known = new ConcurrentHashMap<>();
    /** Trips with a waiter, and their waiters: what the poller asks MongoDB about. */
    private final Map<String, TripWaiters> waitedFor = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-progress-poller");
        thread.setDaemon(true);
        return thread;
    });
    /** This instance's key among a batch's resources, built once rather than for every event. */
    private final String batchResource = BatchPositions.class.getName() + "@" + System.identityHashCode(this);

    public ProjectionProgress(MongoTemplate mongo, Supplier<? extends Collection<String>> liveProcessors) {
        this.mongo = mongo;
        this.liveProcessors = liveProcessors;
        // a command's answer waits on a trip's positions; status and rebuilds read a processor's
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("group", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("group", Sort.Direction.ASC));
        poller.scheduleWithFixedDelay(this::pollWaitedFor, RECHECK_MILLIS, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
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
        positions.forEach((key, position) -> known.merge(id(key.group(), key.tripId()), position, Math::max));
        positions.keySet().forEach(key -> wake(key.tripId()));
    }

    /** Wakes the trip's waiters whose position every live read model has reached. */
    private void wake(String tripId) {
        TripWaiters waiters = waitedFor.get(tripId);
        if (waiters != null) {
            waiters.release(reachedPosition(tripId));
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
        if (reachedPosition(tripId) >= position) {
            return true;
        }
        Waiter waiter = new Waiter(position);
        waitedFor.compute(tripId, (trip, waiters) -> (waiters == null ? new TripWaiters() : waiters).add(waiter));
        try {
            // progress stored between the check above and joining the waiters woke nobody
            wake(tripId);
            return waiter.reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waitedFor.computeIfPresent(tripId, (trip, waiters) -> waiters.remove(waiter) ? null : waiters);
        }
    }

    /** A request waiting for a trip position. */
    private record Waiter(long position, CountDownLatch reached) {
        Waiter(long position) {
            this(position, new CountDownLatch(1));
        }
    }

    /**
     * One trip's waiters, lowest position first. Joining and leaving happen inside {@code waitedFor}'s
     * compute for the trip, so a waiter never joins a queue that has just been dropped as empty.
     */
    private static final class TripWaiters {
        private final PriorityQueue<Waiter> byPosition = new PriorityQueue<>(Comparator.comparingLong(Waiter::position));

        synchronized TripWaiters add(Waiter waiter) {
            byPosition.add(waiter);
            return this;
        }

        /** Forgets the waiter; true if none is left. */
        synchronized boolean remove(Waiter waiter) {
            byPosition.remove(waiter);
            return byPosition.isEmpty();
        }

        synchronized void release(long reached) {
            for (Waiter next = byPosition.peek(); next != null && next.position() <= reached; next = byPosition.peek()) {
                byPosition.poll().reached().countDown();
            }
        }
    }

    /** One query for every trip someone waits for: progress made by other nodes' projections. */
    private void pollWaitedFor() {
        try {
            if (waitedFor.isEmpty()) {
                return;
            }
            Collection<String> groups = liveProcessors.get();
            List<PositionDocument> documents = mongo.find(Query.query(Criteria.where("tripId").in(waitedFor.keySet())
                    .and("group").in(groups)), PositionDocument.class, COLLECTION);
            documents.forEach(document -> known.merge(document.id(), document.position(), Math::max));
            documents.stream().map(PositionDocument::tripId).distinct().forEach(this::wake);
        } catch (RuntimeException e) {
            // MongoDB away: waiters keep waiting for local progress or their timeout; the next poll tries again
            log.debug("cannot poll projection progress: {}", e.toString());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** Forgets the positions of one processor, so a replay applies every event again. */
    public void reset(String group) {
        forgetLocally(group);
        mongo.remove(Query.query(Criteria.where("group").is(group)), COLLECTION);
    }

    /** Drops what this node remembers of a processor another node has reset. */
    public void forgetLocally(String group) {
        known.keySet().removeIf(key -> key.startsWith(group + ":"));
    }

    /** The position every trip has reached in {@code group}'s read model. */
    public Map<String, Long> positions(String group) {
        Map<String, Long> positions = new HashMap<>();
        mongo.find(Query.query(Criteria.where("group").is(group)), PositionDocument.class, COLLECTION)
                .forEach(document -> positions.put(document.tripId(), document.position()));
        return positions;
    }

    /** The position every live read model has reached for the trip, as far as this node knows. */
    private long reachedPosition(String tripId) {
        long reached = Long.MAX_VALUE;
        for (String group : liveProcessors.get()) {
            reached = Math.min(reached, known.getOrDefault(id(group, tripId), -1L));
        }
        return reached;
    }

    private static String id(String group, String tripId) {
        return group + ":" + tripId;
    }

    record PositionDocument(String id, String group, String tripId, long position) {
    }
}
