package com.example.booking.api.booking;

import com.example.booking.api.infra.embedded.IndexedMemoryBackend;
import com.example.booking.command.lock.EventStoreAvailability;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.TripId;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Booking references over the MongoDB wire protocol: unique across nodes, stable under an idempotency key. */
class BookingReferencesTest {

    private static final TripId TRIP = new TripId("trip-1");

    private MongoServer server;
    private String connectionString;
    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void start() {
        server = new MongoServer(new IndexedMemoryBackend());
        connectionString = server.bindAndGetConnectionString();
        client = MongoClients.create(connectionString);
        mongo = new MongoTemplate(client, "references");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void twoNodesHandingOutReferencesAtOnceNeverHandOutTheSameOneAndEachIsReserved() throws Exception {
        List<BookingReferences> nodes = List.of(new BookingReferences(mongo, Clock.systemUTC()),
                new BookingReferences(mongo, Clock.systemUTC()));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<BookingReference>> handedOut = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            BookingReferences node = nodes.get(i % 2);
            handedOut.add(threads.submit(() -> node.reserve(TRIP, null)));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<BookingReference> reference : handedOut) {
            distinct.add(reference.get().value());
        }
        threads.shutdown();

        assertThat(distinct).hasSize(1_000);
        Set<String> stored = new HashSet<>();
        mongo.getCollection(BookingReferences.COLLECTION).find().forEach(d -> stored.add(d.getString("_id")));
        assertThat(stored).containsAll(distinct);
    }

    @Test
    void aCodeAlreadyTakenIsSkippedAndTheCodesAfterItStillServe() {
        List<String> codes = codes(new Random(7), BookingReferences.POOL);
        mongo.getCollection(BookingReferences.COLLECTION).insertOne(new Document("_id", codes.get(2)));
        BookingReferences references = new BookingReferences(mongo, Clock.systemUTC(), new Random(7), EventStoreAvailability.assumed());

        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 2 * BookingReferences.POOL; i++) {
            handedOut.add(references.reserve(TRIP, null).value());
        }

        assertThat(handedOut).doesNotContain(codes.get(2)).doesNotHaveDuplicates()
                .startsWith(codes.get(0), codes.get(1));
        assertThat(mongo.getCollection(BookingReferences.COLLECTION).countDocuments())
                .isGreaterThanOrEqualTo(2L * BookingReferences.POOL + 1);
    }

    @Test
    void aRequestKeySeenBeforeGetsItsFirstReferenceOnAnyNode() {
        BookingReferences one = new BookingReferences(mongo, Clock.systemUTC());
        BookingReferences other = new BookingReferences(mongo, Clock.systemUTC());

        BookingReference first = one.reserve(TRIP, "key-1");

        assertThat(one.reserve(TRIP, "key-1")).isEqualTo(first);
        assertThat(other.reserve(TRIP, "key-1")).isEqualTo(first);
        assertThat(other.reserve(TRIP, "key-2")).isNotEqualTo(first);
        assertThat(one.reserve(TRIP, null)).isNotEqualTo(first);
    }

    @Test
    void anEmptyPoolWhileTheDriverSeesNoWritableServerIsAnsweredUnavailableAtOnceWithoutTryingMongo() {
        AtomicBoolean writable = new AtomicBoolean(false);
        BookingReferences references = new BookingReferences(mongo, Clock.systemUTC(), new Random(7), writable::get);

        assertThatThrownBy(() -> references.reserve(TRIP, null)).isInstanceOfSatisfying(BookingRejectedException.class,
                refused -> assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(mongo.getCollection(BookingReferences.COLLECTION).countDocuments()).isZero();

        writable.set(true);
        assertThat(references.reserve(TRIP, null).value()).isEqualTo(codes(new Random(7), 1).get(0));
        // what the pool holds is handed out while MongoDB is away; the command itself then answers unavailable
        writable.set(false);
        assertThat(references.reserve(TRIP, null)).isNotNull();
    }

    @Test
    void confirmationsWaitingForAnEmptyPoolWhileMongoIsAwayShareOneFailureInsteadOfTakingTurnsAtIt() throws Exception {
        Duration selection = Duration.ofSeconds(1);
        try (MongoClient impatient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(selection.toMillis(), TimeUnit.MILLISECONDS))
                .build())) {
            BookingReferences references = new BookingReferences(new MongoTemplate(impatient, "references"),
                    Clock.systemUTC());
            server.shutdownNow();
            int callers = 8;
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Duration>> waits = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                waits.add(threads.submit(() -> {
                    start.await();
                    long began = System.nanoTime();
                    assertThatThrownBy(() -> references.reserve(TRIP, null)).isInstanceOf(MongoException.class);
                    return Duration.ofNanos(System.nanoTime() - began);
                }));
            }
            start.countDown();
            List<Duration> waited = new ArrayList<>();
            for (Future<Duration> wait : waits) {
                waited.add(wait.get(callers * selection.toSeconds() * 3, TimeUnit.SECONDS));
            }
            threads.shutdown();

            // taking turns, the last of them would wait about callers × the selection timeout
            assertThat(waited).allSatisfy(wait -> assertThat(wait).isLessThan(selection.multipliedBy(3)));
        }
    }

    /** The codes {@link BookingReferences} makes from a {@code Random} seeded the same way. */
    private static List<String> codes(Random random, int count) {
        List<String> codes = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            codes.add(BookingReferences.code(random).value());
        }
        return codes;
    }
}
