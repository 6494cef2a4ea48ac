package com.example.booking.api.infra;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.Assert;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.bson.conversions.Bson;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * axon-mongo's one-document-per-event storage, reading an aggregate's events one batch at a time.
 * The stock strategy passes the batch size to the cursor only and then collects the cursor to its end, so
 * every read of a trip, even a history page of 100 entries, loaded all of the trip's events after the start;
 * with a limit, Axon's batching engine asks for the next batch only when it is needed.
 */
class PagedEventStorageStrategy extends DocumentPerEventStorageStrategy {

    private final Duration lookBack;
    private final Duration recentLookBack;
    private final LongSupplier nanoTime;
    private final Reads reads;

    /**
     * @param lookBack       how far behind its newest event a tracking processor looks again for events that
     *                       were stored late. axon-mongo tracks by event timestamp, and an event is stamped
     *                       when the aggregate applies it, not when MongoDB stores it: an append that waits
     *                       longer than this in a busy server is never seen by the projections. The stock
     *                       second lost events with two nodes under load.
     * @param recentLookBack how far back a tracking read looks otherwise; once per this interval, a stream
     *                       looks back the whole {@code lookBack}. Every read sends the ids of its window
     *                       to exclude them, and the server passes over each: with the whole 10 s at an
     *                       on-sale's ~1,000 events a second that was ~10,000 ids for every read, tens of
     *                       reads a second, a quarter of a successful hold's allocation. An event
     *                       stored later than this after its stamp (a stalled append, a node's clock behind)
     *                       is found by the next whole look-back, up to this much later; as the token moves
     *                       on by up to this much in between, one later than {@code lookBack} minus this
     *                       may be missed.
     */
    PagedEventStorageStrategy(Duration lookBack, Duration recentLookBack, MeterRegistry meters) {
        this(lookBack, recentLookBack, System::nanoTime, meters);
    }

    PagedEventStorageStrategy(Duration lookBack, Duration recentLookBack, LongSupplier nanoTime,
                              MeterRegistry meters) {
        super(EventEntryConfiguration.getDefault(), lookBack);
        this.lookBack = lookBack;
        this.recentLookBack = recentLookBack.compareTo(lookBack) < 0 ? recentLookBack : lookBack;
        this.nanoTime = nanoTime;
        this.reads = new Reads(meters);
    }

    /**
     * axon-mongo's tracking read, with tokens that share their look-back window ({@link WindowToken})
     * instead of copying it for every event, and a short look-back where it is safe. The whole look-back
     * finds the same events in the same order as the stock read.
     * <p>
     * A short read is only taken when it keeps each aggregate's events in order: every event it found must
     * directly follow its aggregate's previous one, found earlier in the read or seen in the window.
     * Projections depend on that order, and a trip's events are appended in sequence under its lock, so
     * when event n+1 is stored, n is too; but n, stamped earlier and stored late, can lie before the short
     * look-back while n+1 lies inside it. Where that may be so, the read looks back the whole window, which
     * returns n before n+1 (session 15 lost that order without this check).
     */
    @Override
    public List<? extends TrackedEventData<?>> findTrackedEvents(MongoCollection<Document> collection,
                                                                 TrackingToken lastToken, int batchSize) {
        if (lastToken == null) {
            return tracked(null, read(collection, new Document(), null, batchSize));
        }
        Assert.isTrue(lastToken instanceof MongoTrackingToken, () -> "Token " + lastToken + " is of the wrong type");
        MongoTrackingToken token = (MongoTrackingToken) lastToken;
        if (token instanceof WindowToken window) {
            long now = nanoTime.getAsLong();
            if (!window.lookBackDue(now, recentLookBack.toNanos())) {
                Instant from = token.getTimestamp().minus(recentLookBack);
                List<DomainEventData<?>> recent =
                        read(collection, query(from, window.idsSince(from.toEpochMilli())), token, batchSize);
                if (inAggregateOrder(window, recent)) {
                    reads.recent.increment();
                    return tracked(token, recent);
                }
                reads.recentRefused.increment();
            }
            window.lookingBack(now);
        }
        reads.whole.increment();
        return tracked(token, read(collection, query(token.getTimestamp().minus(lookBack), token.getKnownEventIds()),
                token, batchSize));
    }

    private Bson query(Instant from, Collection<String> seen) {
        EventEntryConfiguration entries = eventConfiguration();
        // a plain document, encoded once, straight to the wire: Filters.nin first turned every id of the
        // window into BSON through a codec lookup of its own, on every look (3 % of the service's samples
        // at 200 holds/s)
        return new Document(entries.timestampProperty(), new Document("$gte", formatInstant(from)))
                .append(entries.eventIdentifierProperty(), new Document("$nin", seen));
    }

    private List<DomainEventData<?>> read(MongoCollection<Document> collection, Bson query, MongoTrackingToken after,
                                          int batchSize) {
        EventEntryConfiguration entries = eventConfiguration();
        List<DomainEventData<?>> events = new ArrayList<>();
        try (MongoCursor<Document> cursor = collection.find(query)
                .sort(Sorts.ascending(entries.timestampProperty(), entries.sequenceNumberProperty()))
                .batchSize(batchSize).iterator()) {
            while (events.size() < batchSize && cursor.hasNext()) {
                for (DomainEventData<?> event : extractEvents(cursor.next()).toList()) {
                    if (after == null || !after.getKnownEventIds().contains(event.getEventIdentifier())) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    /** Whether each event directly follows its aggregate's previous one, read before it or in the window. */
    private static boolean inAggregateOrder(WindowToken window, List<DomainEventData<?>> events) {
        Map<String, Long> newest = new HashMap<>();
        for (DomainEventData<?> event : events) {
            String aggregate = event.getAggregateIdentifier();
            long sequence = event.getSequenceNumber();
            Long before = newest.put(aggregate, sequence);
            boolean follows = sequence == 0 || (before != null ? before == sequence - 1
                    : window.holdsPredecessorOf(aggregate, sequence));
            if (!follows) {
                return false;
            }
        }
        return true;
    }

    private List<TrackedEventData<?>> tracked(MongoTrackingToken previous, List<DomainEventData<?>> events) {
        List<TrackedEventData<?>> results = new ArrayList<>(events.size());
        for (DomainEventData<?> event : events) {
            previous = previous == null
                    ? WindowToken.first(event.getTimestamp(), event.getEventIdentifier(),
                    event.getAggregateIdentifier(), event.getSequenceNumber(), lookBack)
                    : WindowToken.advance(previous, event.getTimestamp(), event.getEventIdentifier(),
                    event.getAggregateIdentifier(), event.getSequenceNumber(), lookBack);
            results.add(new TrackedEntry<>(event, previous));
        }
        return results;
    }

    @Override
    public List<? extends DomainEventData<?>> findDomainEvents(MongoCollection<Document> collection,
                                                               String aggregateIdentifier, long firstSequenceNumber,
                                                               int batchSize) {
        String sequence = eventConfiguration().sequenceNumberProperty();
        List<DomainEventData<?>> events = new ArrayList<>(batchSize);
        collection.find(Filters.and(Filters.eq(eventConfiguration().aggregateIdentifierProperty(), aggregateIdentifier),
                        Filters.gte(sequence, firstSequenceNumber)))
                .sort(Sorts.ascending(sequence))
                .limit(batchSize)
                .batchSize(batchSize)
                .forEach(document -> extractEvents(document).forEach(events::add));
        return events;
    }

    /** Tracking reads by how far they looked back, so that a run shows how often the short one is taken. */
    private record Reads(Counter recent, Counter recentRefused, Counter whole) {

        Reads(MeterRegistry meters) {
            this(counter(meters, "recent"), counter(meters, "recent-refused"), counter(meters, "whole"));
        }

        private static Counter counter(MeterRegistry meters, String lookBack) {
            return Counter.builder("booking.event-store.tracking-reads")
                    .description("tracking reads of the event store; recent-refused ones were read again whole")
                    .tag("look-back", lookBack).register(meters);
        }
    }

    /** A stored event with the token of the tracking read that found it. */
    private record TrackedEntry<T>(DomainEventData<T> event, TrackingToken trackingToken)
            implements DomainEventData<T>, TrackedEventData<T> {

        @Override
        public String getType() {
            return event.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return event.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return event.getTimestamp();
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return event.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return event.getPayload();
        }
    }
}
