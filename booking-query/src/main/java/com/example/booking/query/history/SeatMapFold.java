package com.example.booking.query.history;

import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The seats of one trip that are not available, folded event by event. */
final class SeatMapFold {

    private final Map<String, SeatMapCheckpoint.SeatState> taken = new HashMap<>();
    private long position;
    private Instant reachedAt;

    private SeatMapFold(long position, Instant reachedAt) {
        this.position = position;
        this.reachedAt = reachedAt;
    }

    static SeatMapFold empty() {
        return new SeatMapFold(-1, Instant.MIN);
    }

    static SeatMapFold from(SeatMapCheckpoint checkpoint) {
        SeatMapFold fold = new SeatMapFold(checkpoint.position(), checkpoint.reachedAt());
        checkpoint.seats().forEach(seat -> fold.taken.put(seat.label(), seat));
        return fold;
    }

    void apply(DomainEventMessage<?> event) {
        position = event.getSequenceNumber();
        if (event.getTimestamp().isAfter(reachedAt)) {
            reachedAt = event.getTimestamp();
        }
        Object payload = event.getPayload();
        if (payload instanceof SeatsHeldEvent held) {
            held.seats().forEach(seat -> taken.put(seat,
                    new SeatMapCheckpoint.SeatState(seat, "held", held.expiresAt(), held.userId().value())));
        } else if (payload instanceof SeatsReleasedEvent released) {
            free(released.seats());
        } else if (payload instanceof HoldExpiredEvent expired) {
            free(expired.seats());
        } else if (payload instanceof BookingConfirmedEvent booked) {
            booked.seats().forEach(seat -> taken.put(seat,
                    new SeatMapCheckpoint.SeatState(seat, "booked", null, booked.userId().value())));
        } else if (payload instanceof BookingCancelledEvent cancelled) {
            free(cancelled.seats());
        } else if (payload instanceof SeatsBlockedEvent blocked) {
            blocked.seats().forEach(seat -> taken.put(seat, new SeatMapCheckpoint.SeatState(seat, "blocked", null, null)));
        } else if (payload instanceof SeatsUnblockedEvent unblocked) {
            free(unblocked.seats());
        }
    }

    private void free(List<String> seats) {
        seats.forEach(taken::remove);
    }

    long position() {
        return position;
    }

    /** The seat's state, or {@code null} when it is available. */
    SeatMapCheckpoint.SeatState seat(String label) {
        return taken.get(label);
    }

    SeatMapCheckpoint checkpoint(String tripId) {
        return new SeatMapCheckpoint(SeatMapCheckpoint.id(tripId, position), tripId, position, reachedAt,
                List.copyOf(taken.values()));
    }
}
