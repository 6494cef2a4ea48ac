package com.example.booking.shared.hold;

import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A hold ran out: its remaining seats are available again. Recorded by the hold's deadline, or by the
 * trip itself when someone asks for one of its seats after {@code expiresAt} and before the deadline fired.
 */
@Revision("1")
public record HoldExpiredEvent(TripId tripId, HoldId holdId, UserId userId, List<String> seats, Instant expiresAt) implements TripEvent {
}
