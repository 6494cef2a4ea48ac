package com.example.booking.shared.history;

import com.example.booking.shared.TripId;

import java.time.Instant;

/** The seat map as it was at {@code asOf}, rebuilt from the events; answers an {@code Optional<SeatMapView>}. */
public record FindSeatMapAsOfQuery(TripId tripId, Instant asOf) {
}
