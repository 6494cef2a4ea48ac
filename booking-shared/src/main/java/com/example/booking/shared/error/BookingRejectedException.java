package com.example.booking.shared.error;

import java.util.List;

/**
 * A decision the user must see: the request was refused, nothing changed. Carries the contract's
 * error code and the seats involved, so the edges never parse messages.
 */
public class BookingRejectedException extends RuntimeException {

    private final transient BookingRejection rejection;

    public BookingRejectedException(BookingRejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public BookingRejectedException(ErrorCode code, String message) {
        this(new BookingRejection(code, message, List.of(), List.of(), null));
    }

    public static BookingRejectedException conflict(ErrorCode code, String message, List<String> seats,
                                                    Long retryAfterSeconds) {
        return new BookingRejectedException(new BookingRejection(code, message, seats, List.of(), retryAfterSeconds));
    }

    public static BookingRejectedException unknownSeats(List<String> seats) {
        return new BookingRejectedException(new BookingRejection(ErrorCode.INVALID_DATA,
                "unknown seats: " + String.join(", ", seats), List.of(), seats, null));
    }

    /** A backing service ({@code service}: "the event store", "MongoDB", …) cannot be reached; nothing changed. */
    public static BookingRejectedException unavailable(String service) {
        return new BookingRejectedException(ErrorCode.UNAVAILABLE, service + " is unavailable; nothing was changed");
    }

    /**
     * What the caller asked for is not in the read models, and they do not yet show the caller's own latest
     * writes: it may well be one of them (a booking confirmed a moment ago), so "not found" would be false.
     */
    public static BookingRejectedException readModelsBehind() {
        return new BookingRejectedException(new BookingRejection(ErrorCode.UNAVAILABLE,
                "the read models do not show your latest changes yet; nothing was changed: try again shortly",
                List.of(), List.of(), 1L));
    }

    public static BookingRejectedException invalid(String message) {
        return new BookingRejectedException(ErrorCode.INVALID_DATA, message);
    }

    public BookingRejection rejection() {
        return rejection;
    }

    public ErrorCode code() {
        return rejection.code();
    }
}
