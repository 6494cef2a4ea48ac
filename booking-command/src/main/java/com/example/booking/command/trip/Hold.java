package com.example.booking.command.trip;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The part of the trip's state that remembers one hold, until it is released, booked or expires. Seats
 * are a list, not a set, so their order survives a snapshot and events built from a hold are the same
 * whether the trip was cached or loaded.
 */
record Hold(String holdId, String userId, @ExactSeconds Instant expiresAt, List<String> seats,
            String expiryDeadlineId) {

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    Hold without(Set<String> removed) {
        return new Hold(holdId, userId, expiresAt, seats.stream().filter(seat -> !removed.contains(seat)).toList(),
                expiryDeadlineId);
    }
}
