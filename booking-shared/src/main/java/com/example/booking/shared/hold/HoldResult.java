package com.example.booking.shared.hold;

import java.time.Instant;
import java.util.List;

/** The outcome of a hold: the seats now held by the caller and when they expire; {@code position} is the trip's. */
public record HoldResult(String tripId, List<String> seats, Instant expiresAt, long position) {
}
