package com.example.booking.api.error;

import com.example.booking.shared.error.BookingRejection;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The JSON body of every error (API.md, "Errors"); empty lists and absent retry hints are left out. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String code, String message, List<String> conflictingSeats, List<String> unknownSeats,
                        Long retryAfterSeconds) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code.code(), message, List.of(), List.of(), null);
    }

    /** An unknown path: 404 with the contract's {@code invalid_data}, whoever answers it. */
    public static ErrorBody noSuchPath() {
        return of(ErrorCode.INVALID_DATA, "no such path");
    }

    public static ErrorBody unavailable() {
        return of(ErrorCode.UNAVAILABLE, "a backing service is unavailable; nothing was changed");
    }

    /**
     * MongoDB took a command and its answer never came (the read timeout ran out, or the connection closed):
     * unlike a store that could not be reached, it may have stored the change, so {@link #unavailable()}'s
     * promise cannot be made.
     */
    public static ErrorBody unanswered() {
        return of(ErrorCode.UNAVAILABLE,
                "MongoDB did not answer; a change this request made may have been stored: read it back before repeating the request");
    }

    /** A failure of the service itself; {@code internal_error} is not a code clients act on, so not an {@link ErrorCode}. */
    public static ErrorBody internalError(String message) {
        return new ErrorBody("internal_error", message, List.of(), List.of(), null);
    }

    public static ErrorBody unexpected() {
        return internalError("unexpected failure; nothing is known to have changed");
    }

    public static ErrorBody of(BookingRejection rejection) {
        return new ErrorBody(rejection.code().code(), rejection.message(), rejection.conflictingSeats(),
                rejection.unknownSeats(), rejection.retryAfterSeconds());
    }
}
