package com.example.booking.api.error;

import com.example.booking.shared.error.ErrorCode;
import org.springframework.http.HttpStatus;

/** The HTTP status of each error code, as the contract fixes it. */
public final class ErrorStatus {

    private ErrorStatus() {
    }

    public static HttpStatus of(ErrorCode code) {
        return switch (code) {
            case INVALID_DATA -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case TRIP_NOT_FOUND, BOOKING_NOT_FOUND, PROJECTION_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TRIP_EXISTS, SEAT_HELD, SEAT_BOOKED, SEAT_BLOCKED, NOT_HOLDER, HOLD_EXPIRED,
                 SEAT_LOCKED, REBUILD_RUNNING -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
