package com.example.booking.query.history;

import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.history.FindBookingHistoryQuery;
import com.example.booking.shared.history.FindTripHistoryQuery;
import com.example.booking.shared.history.HistoryEntry;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * History read straight from the event store, not from a read model: what support staff see is what
 * happened, whatever any projection made of it.
 */
@Component
class TripHistory {

    private final EventStore events;

    TripHistory(EventStore events) {
        this.events = events;
    }

    @QueryHandler
    List<HistoryEntry> handle(FindTripHistoryQuery query) {
        List<HistoryEntry> page = new ArrayList<>();
        DomainEventStream stream = events.readEvents(query.tripId().value(), Math.max(0, query.from()));
        while (stream.hasNext() && page.size() < query.limit()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getSequenceNumber() > query.to()) {
                break;
            }
            page.add(HistoryEntries.of(event));
        }
        return page;
    }

    @QueryHandler
    List<HistoryEntry> handle(FindBookingHistoryQuery query) {
        String owner = query.owner().value();
        String reference = query.reference().value();
        List<HistoryEntry> history = new ArrayList<>();
        boolean confirmed = false;
        DomainEventStream stream = events.readEvents(query.tripId().value(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            Object payload = event.getPayload();
            boolean belongs;
            if (payload instanceof SeatsHeldEvent held) {
                belongs = !confirmed && held.userId().value().equals(owner) && touches(held.seats(), query.seats());
            } else if (payload instanceof SeatsReleasedEvent released) {
                belongs = !confirmed && released.userId().value().equals(owner) && touches(released.seats(), query.seats());
            } else if (payload instanceof HoldExpiredEvent expired) {
                belongs = !confirmed && expired.userId().value().equals(owner) && touches(expired.seats(), query.seats());
            } else if (payload instanceof BookingConfirmedEvent booking) {
                belongs = booking.reference().value().equals(reference);
            } else if (payload instanceof BookingCancelledEvent cancel) {
                belongs = cancel.reference().value().equals(reference);
            } else {
                belongs = false;
            }
            if (belongs) {
                history.add(HistoryEntries.of(event));
                confirmed |= payload instanceof BookingConfirmedEvent;
            }
        }
        return history;
    }

    private static boolean touches(Collection<String> seats, Collection<String> of) {
        return seats.stream().anyMatch(of::contains);
    }
}
