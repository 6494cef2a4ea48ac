package com.example.booking.command.trip;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the trip must remember of a booking to cancel it, and to answer a repeated confirmation.
 * {@code confirmedAt} is null in snapshots taken before it was kept.
 */
record Booking(String reference, String userId, List<String> seats, BigDecimal total, boolean cancelled,
               @ExactSeconds Instant confirmedAt) {

    Booking cancel() {
        return new Booking(reference, userId, seats, total, true, confirmedAt);
    }

    /** The same user confirming the same seats under the same reference: a retry, not a new booking. */
    boolean isRepeatedBy(String user, List<String> requestedSeats) {
        return userId.equals(user) && requestedSeats != null && Set.copyOf(seats).equals(Set.copyOf(requestedSeats))
                && seats.size() == requestedSeats.size();
    }
}
