package com.example.booking.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies a trip (a bus or train departure, a show). Also the aggregate id of its {@code TripSeats}.
 * Restricted to a safe alphabet so ids can travel in paths, lock keys and topic names unchanged.
 */
public record TripId(String value) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public TripId {
        Objects.requireNonNull(value, "tripId");
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("tripId must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SAFE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
