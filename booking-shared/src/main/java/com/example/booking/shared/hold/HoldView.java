package com.example.booking.shared.hold;

import java.time.Instant;
import java.util.List;

/** One of a user's holds. */
public record HoldView(String tripId, String holdId, List<String> seats, Instant expiresAt) {
}
