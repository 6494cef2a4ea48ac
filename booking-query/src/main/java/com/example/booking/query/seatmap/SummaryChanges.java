package com.example.booking.query.seatmap;

import com.example.booking.query.projection.BatchEnd;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trip summaries' changes of a batch of events, written as one update per trip instead of one per event.
 * At an on-sale the seat-map projection's batches carry ~80 events of one trip, and their summary updates
 * were more than a quarter of the writes every command's answer waits for.
 * <p>
 * Each event's change only counts if the summary has not seen its position. The merged update of a trip is
 * guarded by its first event's position; when a summary had already seen some of the batch's events (applied
 * by another node, or stored by a batch that failed before its progress was), the merged update finds
 * nothing to change, and the events are then written one by one, each under its own guard, as before.
 */
final class SummaryChanges implements BatchEnd.Pending {

    /** Its key among what a projector's {@code BatchedWrites} gather, which are that projector's alone. */
    static final String KEY = "trip-summaries";

    /**
     * One event's change: the summary's counts (stored as 32-bit integers) and revenue units (64-bit) to add,
     * by field path.
     */
    record Change(long position, Map<String, Integer> counts, Map<String, Long> units) {

        Update update() {
            Update update = new Update().set("position", position);
            counts.forEach(update::inc);
            units.forEach(update::inc);
            return update;
        }
    }

    private final MongoTemplate mongo;
    /** By trip, in the order of their positions. */
    private final Map<String, List<Change>> byTrip = new LinkedHashMap<>();

    SummaryChanges(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void add(String tripId, Change change) {
        byTrip.computeIfAbsent(tripId, trip -> new ArrayList<>()).add(change);
    }

    @Override
    public void flush() {
        if (byTrip.isEmpty()) {
            return;
        }
        BulkOperations merged = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, TripDocument.COLLECTION);
        byTrip.forEach((trip, changes) -> merged.updateOne(unseen(trip, changes.get(0).position()), merge(changes)));
        if (merged.execute().getMatchedCount() < byTrip.size()) {
            // the merged update of a trip that exists matched unless its summary saw one of these positions
            BulkOperations each = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, TripDocument.COLLECTION);
            byTrip.forEach((trip, changes) -> changes.forEach(change ->
                    each.updateOne(unseen(trip, change.position()), change.update())));
            each.execute();
        }
        byTrip.clear();
    }

    @Override
    public boolean isEmpty() {
        return byTrip.isEmpty();
    }

    private static Query unseen(String tripId, long position) {
        return Query.query(Criteria.where("_id").is(tripId).and("position").lt(position));
    }

    private static Update merge(List<Change> changes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Long> units = new LinkedHashMap<>();
        for (Change change : changes) {
            change.counts().forEach((field, amount) -> counts.merge(field, amount, Integer::sum));
            change.units().forEach((field, amount) -> units.merge(field, amount, Long::sum));
        }
        // a hold confirmed in the same batch adds and takes away the same: nothing to write for it
        counts.values().removeIf(amount -> amount == 0);
        units.values().removeIf(amount -> amount == 0);
        return new Change(changes.get(changes.size() - 1).position(), counts, units).update();
    }
}
