package com.example.booking.shared.booking;

import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

/** Bookings of one user ({@code owner}), or of everyone when null; optionally of one trip. Newest first. */
public record FindBookingsQuery(UserId owner, TripId tripId) {
}
