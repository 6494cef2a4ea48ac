package com.example.booking.api.infra.embedded;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The H2 backend's unique indexes, through the real driver: they refuse what the event store's indexes
 * must refuse (a second event at the same aggregate sequence, numbers of mixed types counting as equal),
 * keep doing so after the file is opened again, take over files the server's own indexes wrote, and
 * forget a dropped collection's keys (the ordered twins included, on both backends).
 */
class UniqueKeysTest {

    @AutoClose
    private final WireServers servers = new WireServers();

    @TempDir
    Path data;

    @Test
    void refusesASecondEventAtTheSameSequenceEvenAsAnotherNumberType() {
        MongoCollection<Document> events = eventsOn(new IndexedH2Backend(file("a")));
        for (long sequence = 0; sequence < 200; sequence++) {
            events.insertOne(event("trip-" + sequence % 7, sequence));
        }

        assertThatThrownBy(() -> events.insertOne(event("trip-3", 150L))).isInstanceOf(MongoWriteException.class)
                .hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> events.insertOne(new Document("aggregate", "trip-3").append("sequence", 150)))
                .isInstanceOf(MongoWriteException.class);
        events.insertOne(event("trip-3", 200L));
        assertThat(events.countDocuments()).isEqualTo(201);
        assertThat(events.find(Filters.and(Filters.eq("aggregate", "trip-3"), Filters.eq("sequence", 150L)))
                .into(new ArrayList<>())).hasSize(1);
    }

    @Test
    void keepsRefusingAfterTheFileIsOpenedAgain() {
        String file = file("b");
        MongoServer first = new MongoServer(new IndexedH2Backend(file));
        MongoCollection<Document> events = eventsOn(first);
        events.insertOne(event("trip-1", 0L));
        first.shutdownNow();

        MongoCollection<Document> reopened = eventsOn(new IndexedH2Backend(file));

        assertThatThrownBy(() -> reopened.insertOne(event("trip-1", 0L))).isInstanceOf(MongoWriteException.class);
        reopened.insertOne(event("trip-1", 1L));
        assertThat(reopened.countDocuments()).isEqualTo(2);
    }

    @Test
    void takesOverAFileTheServersOwnIndexesWrote() {
        String file = file("c");
        MongoServer plain = new MongoServer(new H2Backend(file));
        MongoCollection<Document> events = eventsOn(plain);
        for (long sequence = 0; sequence < 20; sequence++) {
            events.insertOne(event("trip-1", sequence));
        }
        plain.shutdownNow();

        MongoCollection<Document> reopened = eventsOn(new IndexedH2Backend(file));

        assertThatThrownBy(() -> reopened.insertOne(event("trip-1", 7L))).isInstanceOf(MongoWriteException.class);
        reopened.insertOne(event("trip-1", 20L));
        assertThat(reopened.countDocuments()).isEqualTo(21);
    }

    @Test
    void aDroppedCollectionLeavesNoKeysBehind() {
        for (MongoBackend backend : List.of(new IndexedH2Backend(file("d")), new IndexedMemoryBackend())) {
            MongoCollection<Document> events = eventsOn(backend);
            events.insertOne(event("trip-1", 0L));
            events.drop();

            events.createIndex(Indexes.ascending("aggregate", "sequence"), new IndexOptions().unique(true));
            events.insertOne(event("trip-1", 0L));

            assertThat(events.countDocuments()).isEqualTo(1);
            assertThat(events.find(Filters.gte("sequence", 0L)).into(new ArrayList<>())).hasSize(1);
        }
    }

    @Test
    void anUpdateNamingADocumentByIdAndMoreChangesItOnlyWhenTheRestMatches() {
        for (MongoBackend backend : List.of(new IndexedH2Backend(file("e")), new IndexedMemoryBackend())) {
            MongoCollection<Document> jobs = eventsOn(backend);
            for (int i = 0; i < 50; i++) {
                jobs.insertOne(new Document("_id", "job-" + i).append("version", 3).append("position", (long) i)
                        .append("aggregate", "jobs").append("sequence", (long) i));
            }

            long stale = jobs.updateOne(Filters.and(Filters.eq("_id", "job-7"), Filters.eq("version", 2)),
                    Updates.set("state", "done")).getModifiedCount();
            long current = jobs.updateOne(Filters.and(Filters.eq("_id", "job-7"), Filters.eq("version", 3)),
                    Updates.combine(Updates.set("state", "done"), Updates.inc("version", 1))).getModifiedCount();
            long guarded = jobs.updateOne(Filters.and(Filters.eq("_id", "job-9"), Filters.lt("position", 9L)),
                    Updates.set("state", "done")).getModifiedCount();
            long deleted = jobs.deleteOne(Filters.and(Filters.eq("_id", "job-11"), Filters.gte("position", 11L)))
                    .getDeletedCount();

            assertThat(List.of(stale, current, guarded, deleted)).containsExactly(0L, 1L, 0L, 1L);
            assertThat(jobs.find(Filters.eq("state", "done")).into(new ArrayList<>()))
                    .extracting(document -> document.get("_id")).containsExactly("job-7");
            assertThat(jobs.countDocuments(Filters.and(Filters.eq("_id", "job-7"), Filters.eq("version", 4)))).isEqualTo(1);
            assertThat(jobs.countDocuments()).isEqualTo(49);
        }
    }

    private String file(String name) {
        return data.resolve(name + ".mv").toString();
    }

    private static Document event(String aggregate, long sequence) {
        return new Document("aggregate", aggregate).append("sequence", sequence).append("payload", "x".repeat(40));
    }

    private MongoCollection<Document> eventsOn(MongoBackend backend) {
        return eventsOn(new MongoServer(backend));
    }

    private MongoCollection<Document> eventsOn(MongoServer server) {
        MongoCollection<Document> events = servers.collection(server, "events");
        events.createIndex(Indexes.ascending("aggregate", "sequence"), new IndexOptions().unique(true));
        return events;
    }
}
