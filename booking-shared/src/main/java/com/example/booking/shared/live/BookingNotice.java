package com.example.booking.shared.live;

import com.example.booking.shared.booking.BookingView;

/** A booking was created or cancelled ({@code booking.created|booking.cancelled}); for the admin feed. */
public record BookingNotice(String type, BookingView booking) {
}
