package com.example.booking.api;

import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TripScheduledEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a trip's seat states straight from the event store, independently of the aggregate and the
 * projections, and records every transition the events claim that the seat's state did not allow.
 */
final class EventStoreFold {

    final Map<String, String> status = new LinkedHashMap<>();
    final Map<String, String> owner = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    final Map<String, Integer> timesBooked = new HashMap<>();
    long position = -1;

    static EventStoreFold of(EventStore eventStore, String tripId) {
        EventStoreFold fold = new EventStoreFold();
        // from the first event, not from the latest snapshot that readEvents(id) would start with
        eventStore.readEvents(tripId, 0).asStream().forEach(fold::apply);
        return fold;
    }

    private void apply(DomainEventMessage<?> message) {
        if (message.getSequenceNumber() != position + 1) {
            violations.add("gap before sequence " + message.getSequenceNumber());
        }
        position = message.getSequenceNumber();
        Object event = message.getPayload();
        if (event instanceof TripScheduledEvent scheduled) {
            for (SeatDefinition seat : scheduled.allSeats()) {
                status.put(seat.label(), "available");
            }
        } else if (event instanceof SeatsHeldEvent e) {
            e.seats().forEach(seat -> move(seat, "available", "held", e.userId().value()));
        } else if (event instanceof SeatsReleasedEvent e) {
            e.seats().forEach(seat -> move(seat, "held", "available", null));
        } else if (event instanceof HoldExpiredEvent e) {
            e.seats().forEach(seat -> move(seat, "held", "available", null));
        } else if (event instanceof BookingConfirmedEvent e) {
            e.seats().forEach(seat -> {
                if (!e.userId().value().equals(owner.get(seat))) {
                    violations.add(seat + " booked by " + e.userId() + " but held by " + owner.get(seat));
                }
                move(seat, "held", "booked", e.userId().value());
                timesBooked.merge(seat, 1, Integer::sum);
            });
        } else if (event instanceof BookingCancelledEvent e) {
            e.seats().forEach(seat -> move(seat, "booked", "available", null));
        } else if (event instanceof SeatsBlockedEvent e) {
            e.seats().forEach(seat -> move(seat, "available", "blocked", null));
        } else if (event instanceof SeatsUnblockedEvent e) {
            e.seats().forEach(seat -> move(seat, "blocked", "available", null));
        }
    }

    private void move(String seat, String from, String to, String newOwner) {
        if (!from.equals(status.get(seat))) {
            violations.add("seat " + seat + " went " + status.get(seat) + " -> " + to + " at " + position);
        }
        status.put(seat, to);
        if (newOwner == null) {
            owner.remove(seat);
        } else {
            owner.put(seat, newOwner);
        }
    }

    long count(String state) {
        return status.values().stream().filter(state::equals).count();
    }
}
