package com.example.booking.shared;

import java.util.Objects;

/** The person (the JWT's subject) who holds seats and owns bookings. {@link #SYSTEM} acts for expiries. */
public record UserId(String value) {

    public static final UserId SYSTEM = new UserId("system");

    public UserId {
        Objects.requireNonNull(value, "userId");
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("userId must be 1-128 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
