package com.example.booking.api;

import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.hold.SeatsHeldEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events appended straight to the event store with a stamp of the test's choosing: an append that waited
 * in a busy MongoDB is stamped when its trip applied it and stored only after newer events.
 */
final class StoredLate {

    private StoredLate() {
    }

    /** Bob's hold of {@code seat} as the trip's event at {@code sequence}, stamped {@code stamped}, stored now. */
    static void hold(EventStore store, String trip, long sequence, String seat, Instant stamped) {
        store.publish(new GenericDomainEventMessage<>("TripSeats", trip, sequence,
                new SeatsHeldEvent(new TripId(trip), new HoldId("late-hold"), new UserId("bob"), List.of(seat), stamped,
                        stamped.plus(Duration.ofMinutes(10))), MetaData.with("actor", "bob"),
                UUID.randomUUID().toString(), stamped));
    }
}
