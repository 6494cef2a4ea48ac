package com.example.booking.query.projection;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A projector's writes over one batch of events: an ordered bulk write per collection, sent in the order
 * the collections were first written, then what the projector gathered to write itself ({@link #gathered}),
 * then the removals that may wait until last, then what was to happen after them (announcements).
 * Gathered over the batch and sent at its end by {@link BatchEnd}; outside a batch, sent by
 * {@link #sendUnlessBatched()}.
 */
public final class BatchedWrites implements BatchEnd.Pending {

    private final MongoTemplate mongo;
    private final boolean batched;
    /** By collection name. */
    private final Map<String, BulkOperations> bulks = new LinkedHashMap<>();
    private final Map<String, BulkOperations> lastBulks = new LinkedHashMap<>();
    private final Map<String, BatchEnd.Pending> gathered = new LinkedHashMap<>();
    private final List<Runnable> afterwards = new ArrayList<>();

    private BatchedWrites(MongoTemplate mongo, boolean batched) {
        this.mongo = mongo;
        this.batched = batched;
    }

    /** The writes of the current batch under {@code key} (one per projector instance), or writes of their own. */
    public static BatchedWrites of(String key, MongoTemplate mongo) {
        BatchedWrites batch = BatchEnd.pending(key, () -> new BatchedWrites(mongo, true));
        return batch != null ? batch : new BatchedWrites(mongo, false);
    }

    /**
     * The ordered bulk write to {@code document}'s collection. Its queries and updates name the stored fields
     * themselves and are taken as written (a whole document given to a replacement is still converted from
     * its class): Spring Data's typed bulk writes resolve every field of every update against the document's
     * properties, and a path into a map ({@code categories.std.held}) failed that resolution with an
     * exception, stack trace and all, several times per event, on the projections every command's answer
     * waits for.
     */
    public BulkOperations to(Class<?> document) {
        return bulk(bulks, document);
    }

    /**
     * An ordered bulk write to {@code document}'s collection sent after every {@link #to} write of the batch.
     * The driver sends each run of one kind of write (updates, then removes, then updates) as a command of
     * its own, so a bulk alternating the two costs a round trip per event, each one more wait for a command
     * awaiting its read models. Removals whose outcome does not depend on when they run within the batch
     * (a document no later event of the batch brings back) go here, and the batch is two commands.
     */
    public BulkOperations last(Class<?> document) {
        return bulk(lastBulks, document);
    }

    private BulkOperations bulk(Map<String, BulkOperations> of, Class<?> document) {
        return of.computeIfAbsent(mongo.getCollectionName(document),
                collection -> mongo.bulkOps(BulkOperations.BulkMode.ORDERED, collection));
    }

    /**
     * What the projector gathers over the batch under {@code key} and writes itself when the batch's bulk
     * writes have been sent, before the announcements: changes it merges across events, for instance.
     */
    @SuppressWarnings("unchecked")
    public <P extends BatchEnd.Pending> P gathered(String key, Supplier<P> create) {
        return (P) gathered.computeIfAbsent(key, none -> create.get());
    }

    /** Runs once the writes are stored: a change is announced only after the read model shows it. */
    public void afterwards(Runnable action) {
        afterwards.add(action);
    }

    /** Sends the writes now when there is no batch to gather them over. */
    public void sendUnlessBatched() {
        if (!batched) {
            flush();
        }
    }

    @Override
    public void flush() {
        bulks.values().forEach(BulkOperations::execute);
        bulks.clear();
        gathered.values().forEach(BatchEnd.Pending::flush);
        lastBulks.values().forEach(BulkOperations::execute);
        lastBulks.clear();
        List<Runnable> actions = List.copyOf(afterwards);
        afterwards.clear();
        actions.forEach(Runnable::run);
    }

    @Override
    public boolean isEmpty() {
        return bulks.isEmpty() && gathered.values().stream().allMatch(BatchEnd.Pending::isEmpty)
                && lastBulks.isEmpty() && afterwards.isEmpty();
    }
}
