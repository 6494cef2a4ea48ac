package com.example.booking.api.infra.embedded;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A projection changes a seat-map document while another client reads it. The wire server encodes an
 * answer after the collection's lock is released, so an answer must never be the stored document
 * itself: the in-memory backend changes its stored documents in place, and encoding one while an update
 * changed it broke the connection ({@code ConcurrentModificationException} in the encoder). The server's
 * own reads for updates and deletes still work on the stored documents.
 */
class AnswerCopiesTest {

    private static final int SEATS = 300;
    private static final int READS = 400;

    @AutoClose
    private final WireServers servers = new WireServers();

    @TempDir
    Path data;

    @Test
    void inMemoryFindsAnswerWhileTheDocumentsChange() throws Exception {
        readWhileChanging(new IndexedMemoryBackend());
    }

    @Test
    void h2FindsAnswerWhileTheDocumentsChange() throws Exception {
        readWhileChanging(new IndexedH2Backend(data.resolve("a.mv").toString()));
    }

    private void readWhileChanging(MongoBackend backend) throws Exception {
        MongoServer server = new MongoServer(backend);
        MongoCollection<Document> writes = servers.collection(server, "seats");
        MongoCollection<Document> reads = servers.collectionWithoutRetries(server, "seats");
        writes.createIndex(Indexes.ascending("trip", "row"));
        for (int row = 0; row < 3; row++) {
            writes.insertOne(new Document("_id", "row-" + row).append("trip", "t").append("row", row)
                    .append("seats", seats()).append("version", 0L).append("first", -1L).append("second", -1L));
        }

        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> changes = pool.submit(() -> {
                long count = 0;
                while (reading.get()) {
                    int seat = (int) (count % SEATS);
                    // fields come and go, as a seat's holder does, and two fields always change together
                    writes.updateOne(Filters.eq("_id", "row-" + (count % 3)), Updates.combine(
                            Updates.set("seats." + seat + ".state", count % 2 == 0 ? "HELD" : "FREE"),
                            count % 2 == 0 ? Updates.set("holder", "user-" + count) : Updates.unset("holder"),
                            Updates.set("first", count), Updates.set("second", count)));
                    writes.findOneAndUpdate(Filters.eq("_id", "row-0"), Updates.inc("version", 1L),
                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                    // the server finds what it deletes through the same query path as a client's find
                    assertThat(writes.deleteMany(Filters.eq("trip", "old")).getDeletedCount()).isEqualTo(count == 0 ? 0 : 1);
                    writes.insertOne(new Document("trip", "old").append("row", -1));
                    count++;
                }
                return count;
            });
            Future<?> finds = pool.submit(() -> {
                try {
                    List<Consumer<List<Document>>> shapes = List.of(
                            // the indexed path, streaming in batches of one
                            answer -> reads.find(Filters.eq("trip", "t")).sort(Sorts.ascending("trip", "row"))
                                    .batchSize(1).into(answer),
                            // the wire server's own path, its cursor holding the remaining documents
                            answer -> reads.find(Filters.exists("seats")).batchSize(1).into(answer),
                            answer -> answer.add(reads.find(Filters.eq("_id", "row-0")).first()));
                    for (int i = 0; i < READS; i++) {
                        List<Document> answer = new ArrayList<>();
                        shapes.get(i % shapes.size()).accept(answer);
                        assertThat(answer).isNotEmpty().allSatisfy(row -> {
                            assertThat(row.getList("seats", Document.class)).hasSize(SEATS);
                            assertThat(row.get("second")).as("one update, seen whole").isEqualTo(row.get("first"));
                        });
                    }
                } finally {
                    reading.set(false);
                }
            });
            finds.get(2, TimeUnit.MINUTES);
            long changed = changes.get(1, TimeUnit.MINUTES);
            assertThat(changed).isPositive();
            assertThat(reads.find(Filters.eq("_id", "row-0")).first().getLong("version"))
                    .as("every findAndModify changed the stored document, not a copy").isEqualTo(changed);
        } finally {
            reading.set(false);
            pool.shutdownNow();
        }
    }

    private static List<Document> seats() {
        List<Document> seats = new ArrayList<>();
        for (int i = 0; i < SEATS; i++) {
            seats.add(new Document("seat", "S" + i).append("state", "FREE").append("holder", null));
        }
        return seats;
    }
}
