package com.example.booking.shared.booking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A confirmed booking as its creator sees it; {@code position} is the trip's after the booking. */
public record BookingResult(String reference, String tripId, List<String> seats, String status, BigDecimal total,
                            String currency, Instant createdAt, long position) {
}
