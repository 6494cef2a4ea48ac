package com.example.booking.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The 6-character booking code a passenger reads out at the counter. Its alphabet leaves out the
 * look-alikes 0/O, 1/I/L so it survives being spoken and handwritten.
 */
public record BookingReference(String value) {

    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final Pattern FORMAT = Pattern.compile("[" + ALPHABET + "]{6}");

    public BookingReference {
        Objects.requireNonNull(value, "reference");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a booking reference is 6 characters of " + ALPHABET);
        }
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
