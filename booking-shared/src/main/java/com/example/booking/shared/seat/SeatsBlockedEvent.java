package com.example.booking.shared.seat;

import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Seats were taken out of sale by an admin. */
@Revision("1")
public record SeatsBlockedEvent(TripId tripId, UserId blockedBy, List<String> seats, String reason, Instant at) implements TripEvent {
}
