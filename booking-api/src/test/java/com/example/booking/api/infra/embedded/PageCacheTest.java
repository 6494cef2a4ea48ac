package com.example.booking.api.infra.embedded;

import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded server's page cache is as large as configured, and the file's read count (the
 * {@code booking.embedded-mongo.page-reads} metric) counts its misses: a file read in full twice through a
 * cache too small for it reads its pages from the file again, through a large enough one only once.
 */
class PageCacheTest {

    @AutoClose
    private final WireServers servers = new WireServers();

    @TempDir
    Path data;

    @Test
    void aCacheTooSmallForTheDataReadsItsPagesAgainAndALargeOneDoesNot() {
        String file = data.resolve("cache.mv").toString();
        MongoServer writer = new MongoServer(new IndexedH2Backend(file, 1));
        MongoCollection<Document> seats = servers.collection(writer, "seats");
        String padding = "x".repeat(1_000);
        for (int batch = 0; batch < 40; batch++) {
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                documents.add(new Document("_id", batch * 500 + i).append("padding", padding));
            }
            seats.insertMany(documents);
        }
        writer.shutdownNow();

        assertThat(secondPassReads(file, 1)).isPositive();
        assertThat(secondPassReads(file, 64)).isZero();
    }

    /** Pages read from the file by a second full read of the collection, after a first one filled the cache. */
    private long secondPassReads(String file, int cacheMb) {
        IndexedH2Backend backend = new IndexedH2Backend(file, cacheMb);
        assertThat(backend.getMvStore().getCacheSize()).isEqualTo(cacheMb);
        MongoServer server = new MongoServer(backend);
        MongoCollection<Document> seats = servers.collection(server, "seats");
        assertThat(seats.countDocuments()).isEqualTo(20_000);
        seats.find().forEach(document -> { });
        long before = backend.getMvStore().getFileStore().getReadCount();
        seats.find().forEach(document -> { });
        long reads = backend.getMvStore().getFileStore().getReadCount() - before;
        server.shutdownNow();
        return reads;
    }
}
