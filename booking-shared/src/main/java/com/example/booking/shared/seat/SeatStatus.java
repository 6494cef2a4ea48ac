package com.example.booking.shared.seat;

import java.util.Locale;

/** Where a seat stands; the lower-case name is the wire value. */
public enum SeatStatus {
    AVAILABLE, HELD, BOOKED, BLOCKED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SeatStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
