package com.example.booking.shared.batch;

import com.example.booking.shared.error.BookingRejectedException;

/**
 * What one command of a {@link TripCommandBatch} came to: its result, or the refusal the user must see.
 * Exactly one of the two is present.
 */
public record BatchOutcome(Object result, BookingRejectedException rejection) {

    public static BatchOutcome of(Object result) {
        return new BatchOutcome(result, null);
    }

    public static BatchOutcome refused(BookingRejectedException rejection) {
        return new BatchOutcome(null, rejection);
    }
}
