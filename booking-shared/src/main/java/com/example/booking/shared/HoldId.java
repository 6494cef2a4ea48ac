package com.example.booking.shared;

import java.util.Objects;

/** One hold: the seats a user held with one request, expiring together. Made before the command is sent. */
public record HoldId(String value) {

    public HoldId {
        Objects.requireNonNull(value, "holdId");
    }

    @Override
    public String toString() {
        return value;
    }
}
