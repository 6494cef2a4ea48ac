package com.example.booking.shared.trip;

import com.example.booking.shared.TripId;

/** Seat counts and revenue of one trip, in total and by category; answers an {@code Optional<TripStatsView>}. */
public record FindTripStatsQuery(TripId tripId) {
}
