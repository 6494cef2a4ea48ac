package com.example.booking.shared.history;

import com.example.booking.shared.TripId;

/** A page of a trip's events from the event store, positions {@code from}..{@code to} inclusive, oldest first. */
public record FindTripHistoryQuery(TripId tripId, long from, long to, int limit) {
}
