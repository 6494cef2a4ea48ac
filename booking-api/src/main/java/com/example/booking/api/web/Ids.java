package com.example.booking.api.web;

import com.example.booking.shared.TripId;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;

/** Turns path segments into typed ids, refusing what cannot be one. */
public final class Ids {

    private Ids() {
    }

    /** An id that cannot exist is simply not found: the client learns nothing more from a 400. */
    public static TripId trip(String value) {
        if (!TripId.isValid(value)) {
            throw new BookingRejectedException(ErrorCode.TRIP_NOT_FOUND, "no such trip");
        }
        return new TripId(value);
    }
}
