package com.example.booking.api.error;

import com.example.booking.shared.error.BookingRejectedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.function.Supplier;

/**
 * Answers a refused operation with the contract's error from inside its handler, for the endpoints whose
 * refusals are their everyday answer: in an on-sale most hold requests meet a seat taken a moment earlier.
 * A refusal thrown through Spring MVC was wrapped by the reflective call in an exception with a full stack
 * trace, and then resolved by an exception-handler method built anew for each one (annotation scanning
 * included) and called reflectively: about a tenth of the request threads' CPU in scenario 1
 * (async-profiler). The answer is the same as {@link ApiErrors} gives, which still answers every other
 * refusal.
 */
public final class Refusals {

    private Refusals() {
    }

    /** The operation's result with {@code status}, or its refusal's error. */
    public static ResponseEntity<?> answer(HttpStatus status, Supplier<?> operation) {
        try {
            return ResponseEntity.status(status).body(operation.get());
        } catch (BookingRejectedException refused) {
            return ApiErrors.respond(refused.rejection());
        }
    }
}
