package com.example.booking.shared.trip;

/** All trips with their seat counts, soonest departure first. */
public record FindTripsQuery() {
}
