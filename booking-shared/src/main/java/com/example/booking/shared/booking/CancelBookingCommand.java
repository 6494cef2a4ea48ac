package com.example.booking.shared.booking;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

/** Cancels a booking and frees its seats; allowed to the booking's owner and to admins. */
public record CancelBookingCommand(TripId tripId, BookingReference reference, UserId actor, boolean actorIsAdmin)
        implements TripCommand {
}
