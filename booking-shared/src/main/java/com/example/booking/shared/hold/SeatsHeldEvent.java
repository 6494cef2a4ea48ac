package com.example.booking.shared.hold;

import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Seats were held by one user until {@code expiresAt}; they are not available to anyone else until then. */
@Revision("1")
public record SeatsHeldEvent(TripId tripId, HoldId holdId, UserId userId, List<String> seats, Instant heldAt,
                             Instant expiresAt) implements TripEvent {
}
