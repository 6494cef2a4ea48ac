package com.example.booking.api.infra;

import com.example.booking.api.infra.embedded.IndexedH2Backend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import de.bwaldvogel.mongo.MongoServer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracking read looks back one second for events stored after newer ones, and once a second over the
 * whole look-back window: an event stored within a second after its stamp is found by the next read, one
 * stored later by the next whole look-back, and none is lost. A short read never passes an aggregate's
 * event whose predecessor it has not seen. Through the wire server the service runs on.
 */
class PagedEventStorageStrategyTest {

    private static final Duration LOOK_BACK = Duration.ofSeconds(10);
    private static final Duration RECENT = Duration.ofSeconds(1);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path data;
    private MongoServer server;
    private MongoClient client;
    private final AtomicLong nanos = new AtomicLong();
    private final List<BsonDocument> finds = new CopyOnWriteArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final PagedEventStorageStrategy strategy =
            new PagedEventStorageStrategy(LOOK_BACK, RECENT, nanos::get, meters);
    private MongoEventStorageEngine engine;
    private MongoCollection<Document> events;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new IndexedH2Backend(data.resolve("mongo.mv").toString()));
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent started) {
                        if (started.getCommandName().equals("find")) {
                            finds.add(started.getCommand().clone());
                        }
                    }
                }).build());
        DefaultMongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(client, "test").build();
        engine = MongoEventStorageEngine.builder().mongoTemplate(template).storageStrategy(strategy)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer()).build();
        engine.ensureIndexes();
        events = template.eventCollection();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anEventStoredLateIsFoundByTheNextReadWithinASecondAndByTheNextWholeLookBackAfter() {
        store("first", T0);
        store("second", T0.plusMillis(100));
        List<? extends TrackedEventData<?>> read = strategy.findTrackedEvents(events, null, 100);
        assertThat(ids(read)).containsExactly("first", "second");
        TrackingToken token = read.get(1).trackingToken();
        assertThat(strategy.findTrackedEvents(events, token, 100)).as("a whole look-back, the first from this token").isEmpty();

        // appends that waited before they were stored, while the reader had passed newer events
        store("three-seconds-late", T0.plusMillis(100).minusSeconds(3));
        store("300-ms-late", T0.plusMillis(100).minusMillis(300));
        nanos.addAndGet(RECENT.toNanos() / 2);
        read = strategy.findTrackedEvents(events, token, 100);
        assertThat(ids(read)).as("the read looks back one second").containsExactly("300-ms-late");

        token = read.get(0).trackingToken();
        nanos.addAndGet(RECENT.toNanos() / 2);
        read = strategy.findTrackedEvents(events, token, 100);
        assertThat(ids(read)).as("a second after the last whole look-back").containsExactly("three-seconds-late");
        assertThat(strategy.findTrackedEvents(events, read.get(0).trackingToken(), 100)).isEmpty();
    }

    @Test
    void aShortReadExcludesOnlyTheIdsOfItsOwnSecond() {
        for (int i = 0; i < 50; i++) {
            store("e" + i, T0.plusMillis(100L * i));
        }
        List<? extends TrackedEventData<?>> read = strategy.findTrackedEvents(events, null, 100);
        TrackingToken token = read.get(read.size() - 1).trackingToken();
        assertThat(strategy.findTrackedEvents(events, token, 100)).as("a whole look-back").isEmpty();
        assertThat(excludedIds()).as("the whole window: every event of the last 10 s").hasSize(50);

        nanos.addAndGet(RECENT.toNanos() / 2);
        assertThat(strategy.findTrackedEvents(events, token, 100)).isEmpty();
        // stamped 3.9 .. 4.9 s: within a second of the newest
        assertThat(excludedIds()).as("a short read").hasSize(11);
        assertThat(reads("recent")).isEqualTo(1);
    }

    /** The ids the last tracking query sent to be passed over. */
    private List<String> excludedIds() {
        BsonDocument query = finds.get(finds.size() - 1).getDocument("filter");
        return query.getDocument("eventIdentifier").getArray("$nin").stream()
                .map(id -> id.asString().getValue()).toList();
    }

    @Test
    void aTokenReadBackFromTheStoreLooksBackOverItsWholeWindowFirst() {
        store("first", T0);
        store("second", T0.plusMillis(100));
        TrackingToken token = strategy.findTrackedEvents(events, null, 100).get(1).trackingToken();
        strategy.findTrackedEvents(events, token, 100);
        store("three-seconds-late", T0.plusMillis(100).minusSeconds(3));

        WindowToken restored = WindowToken.restored(T0.plusMillis(100),
                ((WindowToken) token).getTrackedEvents());

        assertThat(ids(strategy.findTrackedEvents(events, restored, 100))).containsExactly("three-seconds-late");
    }

    @Test
    void aShortReadThatWouldPassATripsEventStoredLateIsReadAgainOverTheWholeWindow() {
        store("a0", "trip-a", 0, T0);
        store("b0", "trip-b", 0, T0.plusMillis(100));
        List<? extends TrackedEventData<?>> read = strategy.findTrackedEvents(events, null, 100);
        TrackingToken token = read.get(1).trackingToken();
        assertThat(strategy.findTrackedEvents(events, token, 100)).isEmpty();

        store("a1", "trip-a", 1, T0.plusMillis(200));
        nanos.addAndGet(RECENT.toNanos() / 4);
        read = strategy.findTrackedEvents(events, token, 100);
        assertThat(ids(read)).as("a1 follows a0, which the window holds").containsExactly("a1");
        assertThat(reads("recent")).isEqualTo(1);
        token = read.get(0).trackingToken();

        // a2 waited three seconds to be stored; a3 was appended right after it, stamped now
        store("a2", "trip-a", 2, T0.plusMillis(200).minusSeconds(3));
        store("a3", "trip-a", 3, T0.plusMillis(300));
        nanos.addAndGet(RECENT.toNanos() / 4);
        read = strategy.findTrackedEvents(events, token, 100);

        assertThat(ids(read)).as("the trip's events in their order").containsExactly("a2", "a3");
        assertThat(reads("recent-refused")).isEqualTo(1);
        token = read.get(1).trackingToken();
        store("a4", "trip-a", 4, T0.plusMillis(400));
        nanos.addAndGet(RECENT.toNanos() / 4);
        assertThat(ids(strategy.findTrackedEvents(events, token, 100))).containsExactly("a4");
        assertThat(reads("recent")).as("a whole look-back leaves the trip's events known").isEqualTo(2);
    }

    @Test
    void aTokenKnowsTheTripsOfItsEventsAcrossCompactionButNotAfterBeingStored() {
        store("a0", "trip-a", 0, T0);
        TrackingToken token = strategy.findTrackedEvents(events, null, 100).get(0).trackingToken();
        for (int i = 0; i < 3000; i++) {
            // past the 1,024 entries after which a window moves to a log of its own
            token = WindowToken.advance((WindowToken) token, T0.plusSeconds(20).plusMillis(i), "x" + i,
                    "trip-x", i, LOOK_BACK);
        }
        WindowToken window = (WindowToken) token;
        assertThat(window.holdsPredecessorOf("trip-x", 3000)).isTrue();
        assertThat(window.holdsPredecessorOf("trip-x", 2999)).as("not the newest").isFalse();
        assertThat(window.holdsPredecessorOf("trip-a", 1)).as("left the window").isFalse();
        assertThat(WindowToken.restored(window.getTimestamp(), window.getTrackedEvents())
                .holdsPredecessorOf("trip-x", 3000)).as("the store keeps ids only").isFalse();
    }

    private void store(String id, Instant stamped) {
        store(id, "trip-" + UUID.randomUUID(), 0, stamped);
    }

    private void store(String id, String trip, long sequence, Instant stamped) {
        engine.appendEvents(new GenericDomainEventMessage<>("Trip", trip, sequence,
                "payload of " + id, MetaData.emptyInstance(), id, stamped));
    }

    private long reads(String lookBack) {
        return (long) meters.get("booking.event-store.tracking-reads").tag("look-back", lookBack).counter().count();
    }

    private static List<String> ids(List<? extends TrackedEventData<?>> read) {
        return read.stream().map(TrackedEventData::getEventIdentifier).toList();
    }
}
