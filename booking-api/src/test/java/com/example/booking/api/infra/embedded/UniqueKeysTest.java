package com.example.booking.api.infra.embedded;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
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
    void takesOverAFileWhoseKeysWereJavaSerialised() {
        String file = file("f");
        MongoServer first = new MongoServer(new IndexedH2Backend(file));
        MongoCollection<Document> events = eventsOn(first);
        for (long sequence = 0; sequence < 20; sequence++) {
            events.insertOne(event("trip-1", sequence));
        }
        first.shutdownNow();
        // the maps as the earlier version wrote them: same entries, H2's generic (Java-serialising) types
        MVStore store = MVStore.open(file);
        for (String name : List.copyOf(store.getMapNames())) {
            if (name.contains("._ukeys_")) {
                MVMap<Object, Object> earlier = store.openMap(name.replace("._ukeys_", "._unique_"));
                earlier.putAll(store.openMap(name, new MVMap.Builder<KeyValue, Object>()
                        .keyType(UniqueKeys.KeyValueType.INSTANCE).valueType(UniqueKeys.PositionType.INSTANCE)));
                store.removeMap(name);
            }
        }
        assertThat(store.getMapNames()).anyMatch(name -> name.contains("._unique_"))
                .noneMatch(name -> name.contains("._ukeys_"));
        store.close();

        MongoCollection<Document> reopened = eventsOn(new IndexedH2Backend(file));

        assertThatThrownBy(() -> reopened.insertOne(event("trip-1", 7L))).isInstanceOf(MongoWriteException.class);
        reopened.insertOne(event("trip-1", 20L));
        assertThat(reopened.countDocuments()).isEqualTo(21);
    }

    @Test
    void keysAndPositionsOfEveryKindReadBackAsTheyWereWritten() {
        KeyValue key = new KeyValue("trip-1", 7L, 7, 2.5, new ObjectId(), Instant.parse("2026-12-01T10:00:00Z"),
                null, Missing.getInstance(), true, new de.bwaldvogel.mongo.bson.Document("seat", "1A"), List.of(1, "b"));
        WriteBuffer buffer = new WriteBuffer();
        UniqueKeys.KeyValueType.INSTANCE.write(buffer, key);
        UniqueKeys.PositionType.INSTANCE.write(buffer, Missing.getInstance());
        ObjectId position = new ObjectId();
        UniqueKeys.PositionType.INSTANCE.write(buffer, position);
        ByteBuffer written = buffer.getBuffer().flip();

        KeyValue read = UniqueKeys.KeyValueType.INSTANCE.read(written);

        assertThat(read).isEqualTo(key);
        assertThat(read.get(2)).isInstanceOf(Integer.class);
        assertThat(UniqueKeys.KeyValueType.INSTANCE.compare(read, key)).isZero();
        assertThat(UniqueKeys.PositionType.INSTANCE.read(written)).isSameAs(Missing.getInstance());
        assertThat(UniqueKeys.PositionType.INSTANCE.read(written)).isEqualTo(position);
        assertThat(written.hasRemaining()).isFalse();
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
