package com.example.booking.shared.hold;

import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The holder gave seats back; they are available again. */
@Revision("1")
public record SeatsReleasedEvent(TripId tripId, UserId userId, List<String> seats, Instant releasedAt) implements TripEvent {
}
