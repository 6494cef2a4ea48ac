package com.example.booking.query.progress;

import org.axonframework.eventhandling.DomainEventMessage;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How far each projection has applied each trip's events. It makes two things possible: skipping an
 * event a projection has already applied (idempotence under redelivery), and letting a user's read wait
 * until every read model shows that user's writes (read-your-writes).
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
 * <p>
 * A batch starts from the positions its trips had, read from MongoDB once per batch and trip. While the
 * node holds the batch's segment without a break ({@link ClaimedSegments}), the positions its previous
 * batches left are still the stored ones, and the batch starts from those instead: in an on-sale every
 * batch of every projection read the same trip's position again, one of the round trips a command's
 * answer waits for.
 */
public class ProjectionProgress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionProgress.class);
    static final String COLLECTION = "projection_positions";
    /** How often the poller re-reads MongoDB for progress made on other nodes. */
    private static final long RECHECK_MILLIS = 200;

    private final MongoTemplate mongo;
    private final Supplier<? extends Collection<String>> liveProcessors;
    private final ClaimedSegments claims;
    private final LongSupplier nanoTime;
    /** Positions this node's committed batches left, each with the claim it holds under. */
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
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

    /** Progress that reads every batch's positions from MongoDB. */
    public ProjectionProgress(MongoTemplate mongo, Supplier<? extends Collection<String>> liveProcessors) {
        this(mongo, liveProcessors, null, System::nanoTime);
    }

    /**
     * @param claims the claims of the processors' segments, seen through {@link ClaimedSegments#watching};
     *               without them every batch reads its positions from MongoDB
     */
    public ProjectionProgress(MongoTemplate mongo, Supplier<? extends Collection<String>> liveProcessors,
                              ClaimedSegments claims) {
        this(mongo, liveProcessors, claims, System::nanoTime);
    }

    ProjectionProgress(MongoTemplate mongo, Supplier<? extends Collection<String>> liveProcessors,
                       ClaimedSegments claims, LongSupplier nanoTime) {
        this.mongo = mongo;
        this.liveProcessors = liveProcessors;
        this.claims = claims;
        this.nanoTime = nanoTime;
        // a command's answer waits on a trip's positions; status and rebuilds read a processor's
        mongo.indexOps(COLLECTION).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("group", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("group", Sort.Direction.ASC));
        poller.scheduleWithFixedDelay(this::pollWaitedFor, RECHECK_MILLIS, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The last trip position {@code group} applied, or -1. */
    public long positionOf(String group, String tripId) {
        BatchPositions batch = batch(group);
        if (batch != null) {
            String id = id(group, tripId);
            Long known = batch.known.get(id);
            if (known != null) {
                return known;
            }
            if (!batch.startsRead) {
                batch.startsRead = true;
                readStartingPositions(batch, group);
            }
            return batch.known.computeIfAbsent(id, unread -> startingPosition(batch, unread));
        }
        return storedPosition(id(group, tripId));
    }

    /**
     * Where the batch starts for every trip of its events, asked of MongoDB in one query for the trips not
     * remembered: a batch of a network of many quiet trips touches dozens of trips that none of the last
     * two seconds' batches did, and a read of each, one after another, was a third of its time.
     */
    private void readStartingPositions(BatchPositions batch, String group) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Object message : processorBatch().getMessages()) {
            if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
                String id = id(group, event.getAggregateIdentifier());
                if (batch.known.containsKey(id) || unknown.contains(id)) {
                    continue;
                }
                Long remembered = rememberedStart(batch, id);
                if (remembered != null) {
                    batch.known.put(id, remembered);
                } else {
                    unknown.add(id);
                }
            }
        }
        if (unknown.size() < 2) {
            // one trip is read as before, when first asked about
            return;
        }
        Map<String, Long> stored = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(unknown)), PositionDocument.class, COLLECTION)
                .forEach(document -> stored.put(document.id(), document.position()));
        unknown.forEach(id -> batch.known.putIfAbsent(id, stored.getOrDefault(id, -1L)));
    }

    /** Where a batch starts for a trip: what this node left there, while that is sure to be still so. */
    private long startingPosition(BatchPositions batch, String id) {
        Long remembered = rememberedStart(batch, id);
        return remembered != null ? remembered : storedPosition(id);
    }

    /** What this node left for the trip, if that is sure to be still so; otherwise null. */
    private Long rememberedStart(BatchPositions batch, String id) {
        Remembered left = remembered.get(id);
        if (left != null && batch.claim != null && left.claim().equals(batch.claim)
                && nanoTime.getAsLong() - left.sinceNanos() < ClaimedSegments.TRUSTED_FOR_NANOS) {
            return left.position();
        }
        return null;
    }

    public boolean isApplied(String group, String tripId, long position) {
        return positionOf(group, tripId) >= position;
    }

    /**
     * Records that {@code group} applied the trip up to {@code position}. Inside a processor's batch the
     * positions are written once per trip at the batch's end ({@link #storeBatch()}), or at the latest when
     * it commits, instead of once per event: during a replay that was one of the few MongoDB round trips
     * each event cost. A batch that fails before they are stored is delivered again, finding its positions
     * not yet advanced; one that fails after is delivered again and skipped, its read-model writes done.
     */
    public void advance(String group, String tripId, long position) {
        BatchPositions batch = batch(group);
        if (batch != null) {
            if (!batch.storedAtCommit) {
                // only where no batch end stored them (a processor without BatchEnd). Registered now, after
                // the projector gathered its first writes, so that their own commit step sends them first
                batch.storedAtCommit = true;
                CurrentUnitOfWork.get().onPrepareCommit(committing -> store(batch.advanced));
            }
            batch.known.merge(id(group, tripId), position, Math::max);
            batch.advanced.merge(new Key(group, tripId), position, Math::max);
            return;
        }
        store(Map.of(new Key(group, tripId), position));
    }

    /**
     * Stores the current batch's positions now. A processor's batch end calls this once the batch's
     * read-model writes are sent, before Axon stores the processor's token: a command waiting for the read
     * models is then answered without also waiting for that round trip.
     */
    public void storeBatch() {
        BatchPositions batch = currentBatch();
        if (batch != null) {
            store(batch.advanced);
            batch.advanced.clear();
        }
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

    /** The event processor's batch this is called from, or null. */
    private static BatchingUnitOfWork<?> processorBatch() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> unitOfWork
                ? unitOfWork : null;
    }

    /** This batch's positions if it has any yet, when called from an event processor's batch; null otherwise. */
    private BatchPositions currentBatch() {
        BatchingUnitOfWork<?> unitOfWork = processorBatch();
        return unitOfWork == null ? null : unitOfWork.root().getResource(batchResource);
    }

    /** This batch's positions, when called from an event processor's batch; null otherwise. */
    private BatchPositions batch(String group) {
        BatchingUnitOfWork<?> unitOfWork = processorBatch();
        if (unitOfWork == null) {
            return null;
        }
        BatchPositions existing = unitOfWork.root().getResource(batchResource);
        if (existing != null) {
            return existing;
        }
        // read before the resource is put: nothing may be added to the resources inside their computeIfAbsent
        BatchPositions positions = new BatchPositions(claims == null ? null : claims.of(unitOfWork, group),
                nanoTime.getAsLong());
        unitOfWork.root().resources().put(batchResource, positions);
        unitOfWork.afterCommit(committed -> remember(positions));
        // the positions may be stored although the batch failed after that: MongoDB is asked again
        unitOfWork.onRollback(failed -> positions.known.keySet().forEach(remembered::remove));
        return positions;
    }

    private void remember(BatchPositions batch) {
        if (batch.claim != null) {
            batch.known.forEach((id, position) -> remembered.put(id, new Remembered(position, batch.claim, batch.startedNanos)));
        }
    }

    private record Key(String group, String tripId) {
    }

    /** A position a committed batch left, the claim it ran under, and when that batch started. */
    private record Remembered(long position, ClaimedSegments.Claim claim, long sinceNanos) {
    }

    /** Positions read and advanced within one batch of events. */
    private static final class BatchPositions {
        final Map<String, Long> known = new HashMap<>();
        final Map<Key, Long> advanced = new LinkedHashMap<>();
        final ClaimedSegments.Claim claim;
        final long startedNanos;
        boolean storedAtCommit;
        /** Whether the starting positions of the batch's trips have been looked up together. */
        boolean startsRead;

        BatchPositions(ClaimedSegments.Claim claim, long startedNanos) {
            this.claim = claim;
            this.startedNanos = startedNanos;
        }
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
        remembered.keySet().removeIf(key -> key.startsWith(group + ":"));
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
