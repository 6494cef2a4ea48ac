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

    public static ErrorBody of(BookingRejection rejection) {
        return new ErrorBody(rejection.code().code(), rejection.message(), rejection.conflictingSeats(),
                rejection.unknownSeats(), rejection.retryAfterSeconds());
    }
}
