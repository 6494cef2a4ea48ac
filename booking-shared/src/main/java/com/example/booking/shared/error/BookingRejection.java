package com.example.booking.shared.error;

import java.util.List;

/**
 * The serialisable details of a refusal, as they travel in a command result and end up in the JSON
 * error body. {@code retryAfterSeconds} is null where no wait helps.
 */
public record BookingRejection(ErrorCode code, String message, List<String> conflictingSeats,
                               List<String> unknownSeats, Long retryAfterSeconds) {

    public BookingRejection {
        conflictingSeats = conflictingSeats == null ? List.of() : List.copyOf(conflictingSeats);
        unknownSeats = unknownSeats == null ? List.of() : List.copyOf(unknownSeats);
    }
}
