package com.example.booking.shared.booking;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.util.List;

/** Turns the caller's unexpired holds on {@code seats} into a booking; one passenger per seat, in order. */
public record ConfirmBookingCommand(TripId tripId, BookingReference reference, UserId actor, List<String> seats,
                                    List<Passenger> passengers, Payment payment, Contact contact)
        implements TripCommand {
}
