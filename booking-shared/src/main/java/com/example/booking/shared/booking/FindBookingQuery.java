package com.example.booking.shared.booking;

import com.example.booking.shared.BookingReference;

/** One booking by its reference; answers an {@code Optional<BookingView>}. Access is checked by the caller. */
public record FindBookingQuery(BookingReference reference) {
}
