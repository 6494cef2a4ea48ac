package com.example.booking.api.infra.embedded;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed backends answer every query exactly as the wire server's own full scan does, through the
 * real driver: random documents shaped like events (some with missing fields, numbers of mixed types),
 * random range and equality queries in Axon's shapes, sorts both ways, skips, limits and batch sizes, before
 * and after updates that move documents within the index and deletes.
 */
class OrderedIndexTest {

    @AutoClose
    private final WireServers servers = new WireServers();

    @TempDir
    Path data;

    @Test
    void inMemoryIndexAnswersLikeAFullScan() {
        compareWithFullScan(open(new IndexedMemoryBackend()), new Random(7));
    }

    @Test
    void h2IndexAnswersLikeAFullScan() {
        compareWithFullScan(open(new IndexedH2Backend(data.resolve("a.mv").toString())), new Random(11));
    }

    @Test
    void h2IndexIsRebuiltWhenTheFileIsOpenedAgain() {
        String file = data.resolve("b.mv").toString();
        MongoServer first = new MongoServer(new IndexedH2Backend(file));
        MongoCollection<Document> events = collection(first, "events");
        events.createIndex(Indexes.ascending("timestamp", "sequenceNumber"));
        for (int i = 0; i < 50; i++) {
            events.insertOne(new Document("timestamp", String.format("t%03d", i)).append("sequenceNumber", (long) i));
        }
        first.shutdownNow();

        MongoCollection<Document> reopened = collection(new MongoServer(new IndexedH2Backend(file)), "events");
        List<Long> tail = new ArrayList<>();
        reopened.find(Filters.gte("timestamp", "t040")).sort(Sorts.ascending("timestamp", "sequenceNumber"))
                .batchSize(3).forEach(document -> tail.add(document.getLong("sequenceNumber")));

        assertThat(tail).containsExactly(40L, 41L, 42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L);
    }

    private void compareWithFullScan(MongoCollection<Document> indexed, Random random) {
        MongoCollection<Document> plain = open(new MemoryBackend());
        for (MongoCollection<Document> events : List.of(indexed, plain)) {
            events.createIndex(Indexes.ascending("aggregate", "sequence"), new IndexOptions().unique(true));
            events.createIndex(Indexes.ascending("timestamp", "sequence"));
            events.createIndex(Indexes.descending("score"));
        }
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Document document = new Document("_id", i)
                    .append("aggregate", "trip-" + random.nextInt(6))
                    .append("sequence", (long) i)
                    .append("timestamp", String.format("2026-11-21T10:%02d:%02d.%03dZ", random.nextInt(3),
                            random.nextInt(60), random.nextInt(1000)));
            if (random.nextInt(10) > 0) {
                // a tenth have no score; the others a score of one of three number types
                int score = random.nextInt(40);
                document.append("score", switch (random.nextInt(3)) {
                    case 0 -> score;
                    case 1 -> (long) score;
                    default -> score + 0.5;
                });
            }
            documents.add(document);
        }
        indexed.insertMany(documents);
        plain.insertMany(documents);

        assertSameAnswers(indexed, plain, random, 400);

        for (int i = 0; i < 150; i++) {
            Bson filter = Filters.eq("_id", random.nextInt(600));
            // changing the excluded field too: a tailing query must not pass over a document by its old value
            Bson update = switch (random.nextInt(3)) {
                case 0 -> Updates.set("timestamp", String.format("2026-11-21T10:%02d:00.000Z", random.nextInt(3) + 2));
                case 1 -> Updates.set("aggregate", "trip-" + random.nextInt(6));
                default -> Updates.inc("score", 3);
            };
            indexed.updateOne(filter, update);
            plain.updateOne(filter, update);
        }
        Bson removed = Filters.lt("sequence", 100L);
        indexed.deleteMany(removed);
        plain.deleteMany(removed);

        assertSameAnswers(indexed, plain, random, 400);
    }

    private void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> plain,
                                   Random random, int queries) {
        for (int i = 0; i < queries; i++) {
            Bson filter = randomFilter(random);
            Bson sort = randomSort(random);
            int skip = random.nextInt(4) == 0 ? random.nextInt(20) : 0;
            int limit = random.nextInt(3) == 0 ? random.nextInt(30) + 1 : 0;
            int batchSize = random.nextBoolean() ? random.nextInt(10) + 1 : 0;
            List<Object> expected = ids(plain.find(filter).sort(sort).skip(skip).limit(limit));
            List<Object> actual = ids(indexed.find(filter).sort(sort).skip(skip).limit(limit).batchSize(batchSize));
            assertThat(actual).as("find %s sort %s skip %d limit %d batch %d", filter, sort, skip, limit, batchSize)
                    .containsExactlyElementsOf(expected);
            assertThat(indexed.countDocuments(filter)).isEqualTo(plain.countDocuments(filter));
        }
    }

    private static Bson randomFilter(Random random) {
        String aggregate = "trip-" + random.nextInt(7);
        long sequence = random.nextInt(650);
        String timestamp = String.format("2026-11-21T10:%02d:%02d", random.nextInt(4), random.nextInt(60));
        double score = random.nextInt(45) - 2;
        return switch (random.nextInt(11)) {
            // the event store's tailing query: a range, and the ids of its look-back window excluded
            case 9 -> Filters.and(Filters.gte("timestamp", timestamp),
                    Filters.nin("aggregate", aggregate, "trip-" + random.nextInt(7)));
            case 10 -> new Document("sequence", new Document("$gte", sequence))
                    .append("aggregate", new Document("$nin", List.of(aggregate)));
            case 0 -> Filters.and(Filters.eq("aggregate", aggregate), Filters.gte("sequence", sequence));
            case 1 -> Filters.eq("aggregate", aggregate);
            case 2 -> Filters.and(Filters.gte("timestamp", timestamp),
                    Filters.nin("_id", random.nextInt(600), random.nextInt(600)));
            case 3 -> Filters.and(Filters.gt("timestamp", timestamp), Filters.lt("sequence", sequence));
            case 4 -> new Document("score", new Document("$gte", score).append("$lt", score + random.nextInt(10)));
            case 5 -> Filters.lte("score", (int) score);
            case 6 -> new Document("aggregate", aggregate).append("sequence", new Document("$gt", sequence));
            case 7 -> Filters.eq("score", (long) score);
            default -> Filters.or(Filters.eq("aggregate", aggregate), Filters.gt("score", score));
        };
    }

    // every sort ends in a unique field, so that both answers have one correct order
    private static Bson randomSort(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Sorts.ascending("timestamp", "sequence");
            case 1 -> Sorts.ascending("sequence");
            case 2 -> Sorts.descending("sequence");
            case 3 -> Sorts.orderBy(Sorts.descending("score"), Sorts.ascending("_id"));
            case 4 -> Sorts.ascending("aggregate", "sequence");
            default -> Sorts.descending("timestamp", "sequence");
        };
    }

    private static List<Object> ids(FindIterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    private MongoCollection<Document> open(MongoBackend backend) {
        return collection(new MongoServer(backend), "events");
    }

    private MongoCollection<Document> collection(MongoServer server, String name) {
        return servers.collection(server, name);
    }
}
