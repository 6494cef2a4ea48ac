package com.example.booking.shared.trip;

import java.math.BigDecimal;
import java.util.List;

/** Seat counts and confirmed revenue of a trip. */
public record TripStatsView(String tripId, int totalSeats, int available, int held, int booked, int blocked,
                            BigDecimal revenue, String currency, List<CategoryStats> byCategory, long position) {

    /** The same figures for one price category. */
    public record CategoryStats(String category, String name, BigDecimal price, int totalSeats, int available,
                                int held, int booked, int blocked, BigDecimal revenue) {
    }
}
