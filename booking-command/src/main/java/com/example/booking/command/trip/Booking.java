package com.example.booking.command.trip;

import java.math.BigDecimal;
import java.util.List;

/** What the trip must remember of a booking to cancel it. */
record Booking(String reference, String userId, List<String> seats, BigDecimal total, boolean cancelled) {

    Booking cancel() {
        return new Booking(reference, userId, seats, total, true);
    }
}
