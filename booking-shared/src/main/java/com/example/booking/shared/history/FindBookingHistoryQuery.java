package com.example.booking.shared.history;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.util.List;

/** The events that made and unmade one booking: the owner's holds of its seats, its confirmation, its cancellation. */
public record FindBookingHistoryQuery(TripId tripId, BookingReference reference, UserId owner, List<String> seats) {
}
