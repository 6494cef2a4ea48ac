package com.example.booking.shared.trip;

import com.example.booking.shared.TripId;

/** One trip with its seat counts; answers an {@code Optional<TripView>}. */
public record FindTripQuery(TripId tripId) {
}
