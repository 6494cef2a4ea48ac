package com.example.booking.shared.seat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A trip's seats as of {@code position} (the trip's last change applied). */
public record SeatMapView(String tripId, long position, List<Seat> seats) {

    /** One seat; {@code holder} and {@code expiresAt} only while held. The edges decide who may see the holder. */
    public record Seat(String label, String status, String category, BigDecimal price, int row, int number,
                       double x, double y, Instant expiresAt, String holder) {
    }
}
