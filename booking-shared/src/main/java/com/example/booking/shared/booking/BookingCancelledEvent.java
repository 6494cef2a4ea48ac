package com.example.booking.shared.booking;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A booking was cancelled by {@code cancelledBy}; its seats are available again. */
@Revision("1")
public record BookingCancelledEvent(TripId tripId, BookingReference reference, UserId owner, UserId cancelledBy,
                                    List<String> seats, Money total, Instant cancelledAt) implements TripEvent {
}
