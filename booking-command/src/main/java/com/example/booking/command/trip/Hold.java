package com.example.booking.command.trip;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** The part of the trip's state that remembers one hold, until it is released, booked or expires. */
record Hold(String holdId, String userId, Instant expiresAt, Set<String> seats, String expiryDeadlineId) {

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    Hold without(Set<String> removed) {
        Set<String> rest = new LinkedHashSet<>(seats);
        rest.removeAll(removed);
        return new Hold(holdId, userId, expiresAt, rest, expiryDeadlineId);
    }
}
