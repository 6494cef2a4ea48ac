package com.example.booking.api.infra;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * axon-mongo's one-document-per-event storage, reading an aggregate's events one batch at a time.
 * The stock strategy passes the batch size to the cursor only and then collects the cursor to its end, so
 * every read of a trip, even a history page of 100 entries, loaded all of the trip's events after the start;
 * with a limit, Axon's batching engine asks for the next batch only when it is needed.
 */
class PagedEventStorageStrategy extends DocumentPerEventStorageStrategy {

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
}
