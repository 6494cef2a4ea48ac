package com.example.booking.shared.booking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A booking as the read side keeps it. */
public record BookingView(String reference, String tripId, String userId, List<String> seats, String status,
                          BigDecimal total, String currency, Instant createdAt, Instant cancelledAt,
                          List<Passenger> passengers, Payment payment, Contact contact) {

    public static final String CONFIRMED = "confirmed";
    public static final String CANCELLED = "cancelled";
}
