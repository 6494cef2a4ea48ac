package com.example.booking.query.history;

import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.history.FindBookingHistoryQuery;
import com.example.booking.shared.history.FindSeatMapAsOfQuery;
import com.example.booking.shared.history.FindTripHistoryQuery;
import com.example.booking.shared.history.HistoryEntry;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TripScheduledEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            page.add(entry(event));
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
                history.add(entry(event));
                confirmed |= payload instanceof BookingConfirmedEvent;
            }
        }
        return history;
    }

    /** Folds the trip's events up to {@code asOf} into the seat map of that moment. */
    @QueryHandler
    Optional<SeatMapView> handle(FindSeatMapAsOfQuery query) {
        DomainEventStream stream = events.readEvents(query.tripId().value(), 0);
        Map<String, SeatDefinition> plan = new LinkedHashMap<>();
        Map<String, BigDecimal> prices = new HashMap<>();
        Map<String, String> status = new HashMap<>();
        Map<String, Instant> expiry = new HashMap<>();
        Map<String, String> holder = new HashMap<>();
        long position = -1;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getTimestamp().isAfter(query.asOf())) {
                break;
            }
            position = event.getSequenceNumber();
            Object payload = event.getPayload();
            if (payload instanceof TripScheduledEvent scheduled) {
                scheduled.categories().forEach(category -> prices.put(category.id(), category.price()));
                scheduled.allSeats().forEach(seat -> {
                    plan.put(seat.label(), seat);
                    status.put(seat.label(), "available");
                });
            } else if (payload instanceof SeatsHeldEvent held) {
                held.seats().forEach(seat -> {
                    status.put(seat, "held");
                    expiry.put(seat, held.expiresAt());
                    holder.put(seat, held.userId().value());
                });
            } else if (payload instanceof SeatsReleasedEvent released) {
                free(released.seats(), status, expiry, holder);
            } else if (payload instanceof HoldExpiredEvent expired) {
                free(expired.seats(), status, expiry, holder);
            } else if (payload instanceof BookingConfirmedEvent booked) {
                booked.seats().forEach(seat -> {
                    status.put(seat, "booked");
                    expiry.remove(seat);
                    holder.put(seat, booked.userId().value());
                });
            } else if (payload instanceof BookingCancelledEvent cancelled) {
                free(cancelled.seats(), status, expiry, holder);
            } else if (payload instanceof SeatsBlockedEvent blocked) {
                blocked.seats().forEach(seat -> status.put(seat, "blocked"));
            } else if (payload instanceof SeatsUnblockedEvent unblocked) {
                unblocked.seats().forEach(seat -> status.put(seat, "available"));
            }
        }
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        List<SeatMapView.Seat> seats = plan.values().stream().map(seat -> new SeatMapView.Seat(seat.label(),
                status.get(seat.label()), seat.category(), prices.get(seat.category()), seat.row(), seat.number(),
                seat.x(), seat.y(), expiry.get(seat.label()), holder.get(seat.label()))).toList();
        return Optional.of(new SeatMapView(query.tripId().value(), position, seats));
    }

    private static void free(List<String> seats, Map<String, String> status, Map<String, Instant> expiry,
                             Map<String, String> holder) {
        seats.forEach(seat -> {
            status.put(seat, "available");
            expiry.remove(seat);
            holder.remove(seat);
        });
    }

    private static boolean touches(Collection<String> seats, Collection<String> of) {
        return seats.stream().anyMatch(of::contains);
    }

    private static HistoryEntry entry(DomainEventMessage<?> event) {
        return HistoryEntries.of(event);
    }
}
