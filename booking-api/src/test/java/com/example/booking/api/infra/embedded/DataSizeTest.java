package com.example.booking.api.infra.embedded;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The H2 file's collections no longer keep a running total of their size on every write; {@code collStats}
 * adds it up when asked, and its answer is still the BSON size of what is stored, also after the file is
 * opened again.
 */
class DataSizeTest {

    @AutoClose
    private final WireServers servers = new WireServers();

    @TempDir
    Path data;

    @Test
    void collStatsGivesTheBsonSizeOfTheStoredDocumentsAfterInsertsUpdatesAndDeletes() {
        String file = data.resolve("size.mv").toString();
        MongoServer first = new MongoServer(new IndexedH2Backend(file));
        MongoDatabase database = servers.database(first);
        MongoCollection<Document> seats = database.getCollection("seats");
        List<Document> inserted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inserted.add(new Document("_id", "seat-" + i).append("row", i / 4).append("state", "FREE"));
        }
        seats.insertMany(inserted);
        seats.updateOne(Filters.eq("_id", "seat-3"),
                Updates.combine(Updates.set("state", "HELD"), Updates.set("holder", "a user with a long name")));
        seats.deleteOne(Filters.eq("_id", "seat-7"));

        long expected = bsonSize(seats);
        assertThat(expected).isGreaterThan(19 * 30);
        assertThat(size(database)).isEqualTo(expected);

        first.shutdownNow();
        MongoDatabase reopened = servers.database(new MongoServer(new IndexedH2Backend(file)));
        reopened.getCollection("seats").insertOne(new Document("_id", "seat-20").append("row", 5).append("state", "FREE"));
        assertThat(size(reopened)).isEqualTo(bsonSize(reopened.getCollection("seats"))).isGreaterThan(expected);
    }

    private static long size(MongoDatabase database) {
        return database.runCommand(new Document("collStats", "seats")).get("size", Number.class).longValue();
    }

    private static long bsonSize(MongoCollection<Document> collection) {
        long size = 0;
        for (Document document : collection.find()) {
            size += new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
        }
        return size;
    }
}
