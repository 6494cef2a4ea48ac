package com.example.booking.api.infra;

import com.example.booking.api.infra.embedded.IndexedH2Backend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracking read looks back one second for events stored after newer ones, and once a second over the
 * whole look-back window: an event stored within a second after its stamp is found by the next read, one
 * stored later by the next whole look-back, and none is lost. Through the wire server the service runs on.
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
    private final PagedEventStorageStrategy strategy = new PagedEventStorageStrategy(LOOK_BACK, RECENT, nanos::get);
    private MongoEventStorageEngine engine;
    private MongoCollection<Document> events;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new IndexedH2Backend(data.resolve("mongo.mv").toString()));
        client = MongoClients.create(server.bindAndGetConnectionString());
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

    private void store(String id, Instant stamped) {
        engine.appendEvents(new GenericDomainEventMessage<>("Trip", "trip-" + UUID.randomUUID(), 0,
                "payload of " + id, MetaData.emptyInstance(), id, stamped));
    }

    private static List<String> ids(List<? extends TrackedEventData<?>> read) {
        return read.stream().map(TrackedEventData::getEventIdentifier).toList();
    }
}
