package com.example.booking.query.history;

import com.example.booking.shared.history.FindSeatMapAsOfQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.trip.TripScheduledEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A trip's seat map as it was at a moment, folded from the event store rather than read from a read model.
 * The fold starts from the newest {@link SeatMapCheckpoint} it may start from, and leaves a checkpoint
 * every {@code booking.history.checkpoint-every} events, so only the first look into a long trip's past
 * reads it from the start. The checkpoints are the query side's own: the command side's snapshots are of
 * its aggregate, which this module must not know, and the store keeps only the newest of those.
 */
@Component
class PastSeatMaps {

    private final EventStore events;
    private final MongoTemplate mongo;
    private final int checkpointEvery;

    PastSeatMaps(EventStore events, MongoTemplate mongo, HistoryProperties properties) {
        this.events = events;
        this.mongo = mongo;
        this.checkpointEvery = properties.checkpointEvery();
        mongo.indexOps(SeatMapCheckpoint.class).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("position", Sort.Direction.DESC));
    }

    @QueryHandler
    Optional<SeatMapView> handle(FindSeatMapAsOfQuery query) {
        String tripId = query.tripId().value();
        // Axon stores timestamps to the millisecond, so a moment is only known to its millisecond: an event stamped
        // in asOf's millisecond counts as before it, even if it happened a few microseconds after
        Instant asOf = query.asOf().truncatedTo(ChronoUnit.MILLIS);
        DomainEventStream stream = events.readEvents(tripId, 0);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = stream.next();
        if (!(first.getPayload() instanceof TripScheduledEvent scheduled) || first.getTimestamp().isAfter(asOf)) {
            return Optional.empty();
        }
        SeatMapFold fold;
        SeatMapCheckpoint checkpoint = latestCheckpoint(tripId, asOf);
        if (checkpoint != null) {
            fold = SeatMapFold.from(checkpoint);
            stream = events.readEvents(tripId, checkpoint.position() + 1);
        } else {
            fold = SeatMapFold.empty();
            fold.apply(first);
        }
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getTimestamp().isAfter(asOf)) {
                break;
            }
            fold.apply(event);
            if ((fold.position() + 1) % checkpointEvery == 0) {
                mongo.save(fold.checkpoint(tripId));
            }
        }
        return Optional.of(view(tripId, scheduled, fold));
    }

    private SeatMapCheckpoint latestCheckpoint(String tripId, Instant asOf) {
        return mongo.findOne(Query.query(Criteria.where("tripId").is(tripId).and("reachedAt").lte(asOf))
                .with(Sort.by(Sort.Direction.DESC, "position")), SeatMapCheckpoint.class);
    }

    private static SeatMapView view(String tripId, TripScheduledEvent scheduled, SeatMapFold fold) {
        Map<String, BigDecimal> prices = new HashMap<>();
        scheduled.categories().forEach(category -> prices.put(category.id(), category.price()));
        return new SeatMapView(tripId, fold.position(), scheduled.allSeats().stream().map(seat -> {
            SeatMapCheckpoint.SeatState state = fold.seat(seat.label());
            return new SeatMapView.Seat(seat.label(), state == null ? "available" : state.status(), seat.category(),
                    prices.get(seat.category()), seat.row(), seat.number(), seat.x(), seat.y(),
                    state == null ? null : state.expiresAt(), state == null ? null : state.holder());
        }).toList());
    }
}
