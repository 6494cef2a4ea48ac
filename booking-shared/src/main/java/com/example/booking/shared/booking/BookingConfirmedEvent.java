package com.example.booking.shared.booking;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Held seats became a booking. Lists the holds that the booking used up entirely, so their expiry no
 * longer matters. Payment is a reference only.
 */
@Revision("1")
public record BookingConfirmedEvent(TripId tripId, BookingReference reference, UserId userId, List<String> seats,
                                    List<Passenger> passengers, Payment payment, Contact contact, Money total,
                                    Instant confirmedAt, List<HoldId> completedHolds) implements TripEvent {
}
