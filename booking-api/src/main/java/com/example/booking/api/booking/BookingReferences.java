package com.example.booking.api.booking;

import com.example.booking.command.lock.EventStoreAvailability;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripId;
import com.example.booking.shared.error.BookingRejectedException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes booking references before the command is sent (the aggregate stays deterministic) and keeps
 * them unique across all trips and nodes: a 6-character code has only ~900 million values, so collisions
 * become likely after tens of thousands of bookings. Each reference is reserved by inserting it as an
 * {@code _id}; MongoDB's unique {@code _id} decides who got it.
 * <p>
 * A node reserves {@value #POOL} references in one insert and hands them out from memory: reserving one
 * per confirmation was a round trip to MongoDB on every confirmation's path (under an on-sale, 15–18 ms
 * each). References a node reserved and never used (it stopped) are lost, a few dozen of 900 million.
 */
@Component
class BookingReferences {

    static final String COLLECTION = "booking_references";
    static final int POOL = 64;
    private static final String REQUEST_KEY = "requestKey";
    private static final int ATTEMPTS = 10;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Random random;
    private final EventStoreAvailability mongoWritable;
    private final Queue<BookingReference> reserved = new ConcurrentLinkedQueue<>();
    private final AtomicReference<CompletableFuture<Void>> refilling = new AtomicReference<>();

    @Autowired
    BookingReferences(MongoTemplate mongo, Clock clock, EventStoreAvailability mongoWritable) {
        this(mongo, clock, new SecureRandom(), mongoWritable);
    }

    BookingReferences(MongoTemplate mongo, Clock clock) {
        this(mongo, clock, new SecureRandom(), EventStoreAvailability.assumed());
    }

    /**
     * @param random        where codes come from; tests pass a seeded one to know the codes in advance
     * @param mongoWritable the driver's view of the MongoDB that holds the event store and the references
     */
    BookingReferences(MongoTemplate mongo, Clock clock, Random random, EventStoreAvailability mongoWritable) {
        this.mongo = mongo;
        this.clock = clock;
        this.random = random;
        this.mongoWritable = mongoWritable;
        mongo.indexOps(COLLECTION).createIndex(new Index().on(REQUEST_KEY, Sort.Direction.ASC).unique().sparse()
                .named("requestKey_unique"));
    }

    /**
     * A fresh reference; or, for a request that carries an idempotency {@code requestKey} already seen,
     * the reference that request got the first time, so that a retry after a crash confirms (or finds)
     * the same booking instead of making a second one.
     */
    BookingReference reserve(TripId tripId, String requestKey) {
        BookingReference reference = take();
        if (requestKey == null) {
            return reference;
        }
        try {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(reference.value())),
                    new Update().set(REQUEST_KEY, requestKey).set("tripId", tripId.value()), COLLECTION);
            return reference;
        } catch (DuplicateKeyException seen) {
            // a request with this key got a reference before (a retry, or a twin in flight)
            reserved.offer(reference);
            BookingReference earlier = reservedFor(requestKey);
            if (earlier == null) {
                throw new IllegalStateException("idempotency key taken but its reservation is not found", seen);
            }
            return earlier;
        }
    }

    /** A reference of this node's pool, reserving a new batch when it is empty. */
    private BookingReference take() {
        for (BookingReference reference = reserved.poll(); ; reference = reserved.poll()) {
            if (reference != null) {
                return reference;
            }
            awaitRefill();
        }
    }

    /**
     * Runs a refill, or waits for the one another thread runs, and shares its outcome. While MongoDB is
     * away a refill fails after the driver's server-selection timeout; callers taking turns at a plain
     * lock would each wait out their own timeout behind the previous one (10 s and more for the third
     * confirmation in line), where sharing the one failure answers them all {@code unavailable} together.
     */
    private void awaitRefill() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = refilling.compareAndExchange(null, mine);
        if (running != null) {
            try {
                running.join();
            } catch (CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
            }
            return;
        }
        try {
            // a refill may have finished between this caller's empty poll and its turn
            if (reserved.isEmpty()) {
                if (!mongoWritable.writable()) {
                    // as the command gateway answers: at once, not after a server-selection timeout
                    throw BookingRejectedException.unavailable("MongoDB");
                }
                refill();
            }
            refilling.set(null);
            mine.complete(null);
        } catch (RuntimeException | Error e) {
            refilling.set(null);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private void refill() {
        List<BookingReference> wanted = new ArrayList<>(POOL);
        for (int attempt = 0; attempt < ATTEMPTS && wanted.isEmpty(); attempt++) {
            for (int i = 0; i < POOL; i++) {
                wanted.add(code(random));
            }
            wanted = insertWhatIsFree(wanted);
        }
        if (wanted.isEmpty()) {
            throw new IllegalStateException("no free booking reference after " + ATTEMPTS + " attempts");
        }
        reserved.addAll(wanted);
    }

    /**
     * Inserts the references in order and answers those inserted: an ordered insert stops at the first
     * code already taken, so the ones before it are ours and the rest are left for the next attempt.
     */
    private List<BookingReference> insertWhatIsFree(List<BookingReference> references) {
        Date now = Date.from(clock.instant());
        List<Document> reservations = references.stream()
                .map(reference -> new Document("_id", reference.value()).append("reservedAt", now)).toList();
        try {
            mongo.getCollection(COLLECTION).insertMany(reservations);
            return references;
        } catch (MongoBulkWriteException e) {
            boolean onlyTaken = e.getWriteErrors().stream()
                    .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyTaken || e.getWriteErrors().isEmpty()) {
                throw e;
            }
            return new ArrayList<>(references.subList(0, e.getWriteErrors().get(0).getIndex()));
        }
    }

    /** The reference reserved earlier under {@code requestKey}, or null. */
    private BookingReference reservedFor(String requestKey) {
        Document earlier = mongo.findOne(Query.query(Criteria.where(REQUEST_KEY).is(requestKey)), Document.class,
                COLLECTION);
        return earlier == null ? null : new BookingReference(earlier.getString("_id"));
    }

    /** A random code of {@link BookingReference#ALPHABET}; tests make the same codes from the same seed. */
    static BookingReference code(Random random) {
        char[] code = new char[6];
        for (int i = 0; i < code.length; i++) {
            code[i] = BookingReference.ALPHABET.charAt(random.nextInt(BookingReference.ALPHABET.length()));
        }
        return new BookingReference(new String(code));
    }
}
