package com.example.booking.api.infra.embedded;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents in the H2 file are stored as BSON, through the real driver: every BSON type the service uses
 * comes back as it went in after the file is opened again, and documents the stock backend wrote (Java
 * serialisation) are still read, changed and written.
 */
class BsonDocumentsTest {

    private static final int SEATS = 2000;

    @AutoClose
    private final WireServers servers = new WireServers();

    @TempDir
    Path data;

    @Test
    void everyValueTypeSurvivesReopeningTheFile() {
        String file = data.resolve("a.mv").toString();
        MongoServer first = new MongoServer(new IndexedH2Backend(file));
        Document written = sample("seat-1");
        servers.collection(first, "seats").insertOne(written);
        first.shutdownNow();

        MongoCollection<Document> reopened = servers.collection(new MongoServer(new IndexedH2Backend(file)), "seats");

        assertThat(reopened.find(Filters.eq("_id", "seat-1")).first()).isEqualTo(written);
    }

    @Test
    void readsAndRewritesDocumentsTheStockBackendWrote() {
        String file = data.resolve("b.mv").toString();
        MongoServer plain = new MongoServer(new H2Backend(file));
        MongoCollection<Document> old = servers.collection(plain, "seats");
        for (int i = 0; i < 30; i++) {
            old.insertOne(sample("seat-" + i));
        }
        plain.shutdownNow();

        MongoServer indexed = new MongoServer(new IndexedH2Backend(file));
        MongoCollection<Document> seats = servers.collection(indexed, "seats");
        assertThat(seats.find().into(new ArrayList<>())).hasSize(30).contains(sample("seat-7"));
        seats.updateOne(Filters.eq("_id", "seat-7"), Updates.set("status", "booked"));
        seats.insertOne(sample("seat-30"));
        indexed.shutdownNow();

        MongoCollection<Document> reopened = servers.collection(new MongoServer(new IndexedH2Backend(file)), "seats");
        assertThat(reopened.countDocuments()).isEqualTo(31);
        assertThat(reopened.find(Filters.eq("_id", "seat-7")).first()).isEqualTo(sample("seat-7").append("status", "booked"));
        assertThat(reopened.find(Filters.eq("_id", "seat-3")).first()).isEqualTo(sample("seat-3"));
        assertThat(reopened.find(Filters.eq("_id", "seat-30")).first()).isEqualTo(sample("seat-30"));
    }

    @Test
    void updatesRacingTheBackgroundWriterNeitherBreakNorCloseTheStore() throws Exception {
        String file = data.resolve("c.mv").toString();
        MongoServer server = new MongoServer(new IndexedH2Backend(file));
        MongoCollection<Document> seats = servers.collection(server, "seats");
        List<Document> many = new ArrayList<>();
        for (int i = 0; i < SEATS; i++) {
            many.add(sample("seat-" + i).append("padding", "x".repeat(2000)));
        }
        seats.insertMany(many);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(writers.submit(() -> {
                for (int n = 0; System.nanoTime() < until; n++) {
                    String id = "seat-" + ((n * 7 + thread * 131) % SEATS);
                    // adding and removing fields changes the document's shape, which is what broke the writer
                    seats.updateOne(Filters.eq("_id", id), n % 2 == 0
                            ? Updates.combine(Updates.set("holder", "user-" + thread), Updates.set("n" + thread, n))
                            : Updates.combine(Updates.unset("n" + thread), Updates.set("status", "held-" + n)));
                    seats.findOneAndUpdate(Filters.eq("_id", id), Updates.inc("idx", 1));
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        server.shutdownNow();

        MongoCollection<Document> reopened = servers.collection(new MongoServer(new IndexedH2Backend(file)), "seats");
        assertThat(reopened.countDocuments()).isEqualTo(SEATS);
        assertThat(reopened.find(Filters.gt("idx", 7)).into(new ArrayList<>())).isNotEmpty();
    }

    private static Document sample(String id) {
        return new Document("_id", id).append("tripId", "bus-42").append("idx", 7).append("position", 123_456_789_012L)
                .append("x", 1.5).append("held", true).append("holder", null)
                .append("expiresAt", new Date(1_796_000_000_000L))
                .append("price", new Decimal128(new BigDecimal("12.50")))
                .append("categories", new Document("std", new Document("name", "Standard").append("order", 1)))
                .append("seats", List.of("1A", "1B", "Ünïcödé"))
                .append("payload", new Binary(new byte[] {1, 2, 3}));
    }
}
