package com.example.booking.api.infra;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
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
import java.util.List;

import static org.axonframework.common.DateTimeUtils.formatInstant;

/**
 * axon-mongo's one-document-per-event storage, reading an aggregate's events one batch at a time.
 * The stock strategy passes the batch size to the cursor only and then collects the cursor to its end, so
 * every read of a trip, even a history page of 100 entries, loaded all of the trip's events after the start;
 * with a limit, Axon's batching engine asks for the next batch only when it is needed.
 */
class PagedEventStorageStrategy extends DocumentPerEventStorageStrategy {

    private final Duration lookBack;

    /**
     * @param lookBack how far behind its newest event a tracking processor looks again for events that
     *                 were stored late. axon-mongo tracks by event timestamp, and an event is stamped when
     *                 the aggregate applies it, not when MongoDB stores it: an append that waits longer
     *                 than this in a busy server is never seen by the projections. The stock second lost
     *                 events with two nodes under load; the ids inside the window are excluded by every
     *                 tracking query, so it is not made larger than needed.
     */
    PagedEventStorageStrategy(Duration lookBack) {
        super(EventEntryConfiguration.getDefault(), lookBack);
        this.lookBack = lookBack;
    }

    /**
     * axon-mongo's tracking read, with tokens that share their look-back window ({@link WindowToken})
     * instead of copying it for every event: the same query, the same events in the same order, the same
     * token contents.
     */
    @Override
    public List<? extends TrackedEventData<?>> findTrackedEvents(MongoCollection<Document> collection,
                                                                 TrackingToken lastToken, int batchSize) {
        EventEntryConfiguration entries = eventConfiguration();
        Bson query = new Document();
        if (lastToken != null) {
            Assert.isTrue(lastToken instanceof MongoTrackingToken, () -> "Token " + lastToken + " is of the wrong type");
            MongoTrackingToken token = (MongoTrackingToken) lastToken;
            // a plain document, encoded once, straight to the wire: Filters.nin first turned every id of the
            // window into BSON through a codec lookup of its own, on every look (3 % of the service's
            // samples at 200 holds/s)
            query = new Document(entries.timestampProperty(),
                    new Document("$gte", formatInstant(token.getTimestamp().minus(lookBack))))
                    .append(entries.eventIdentifierProperty(), new Document("$nin", token.getKnownEventIds()));
        }
        MongoTrackingToken previous = (MongoTrackingToken) lastToken;
        List<TrackedEventData<?>> results = new ArrayList<>();
        try (MongoCursor<Document> cursor = collection.find(query)
                .sort(Sorts.ascending(entries.timestampProperty(), entries.sequenceNumberProperty()))
                .batchSize(batchSize).iterator()) {
            while (results.size() < batchSize && cursor.hasNext()) {
                for (DomainEventData<?> event : extractEvents(cursor.next()).toList()) {
                    if (previous != null && previous.getKnownEventIds().contains(event.getEventIdentifier())) {
                        continue;
                    }
                    previous = previous == null ? WindowToken.first(event.getTimestamp(), event.getEventIdentifier(), lookBack)
                            : WindowToken.advance(previous, event.getTimestamp(), event.getEventIdentifier(), lookBack);
                    results.add(new TrackedEntry<>(event, previous));
                }
            }
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
