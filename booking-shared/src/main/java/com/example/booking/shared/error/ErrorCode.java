package com.example.booking.shared.error;

/** The stable machine codes of the public contract (API.md, "Errors"). Clients switch on {@link #code()}. */
public enum ErrorCode {
    INVALID_DATA("invalid_data"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    TRIP_NOT_FOUND("trip_not_found"),
    BOOKING_NOT_FOUND("booking_not_found"),
    PROJECTION_NOT_FOUND("projection_not_found"),
    TRIP_EXISTS("trip_exists"),
    SEAT_HELD("seat_held"),
    SEAT_BOOKED("seat_booked"),
    SEAT_BLOCKED("seat_blocked"),
    NOT_HOLDER("not_holder"),
    HOLD_EXPIRED("hold_expired"),
    SEAT_LOCKED("seat_locked"),
    REBUILD_RUNNING("rebuild_running"),
    RATE_LIMITED("rate_limited"),
    UNAVAILABLE("unavailable");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
