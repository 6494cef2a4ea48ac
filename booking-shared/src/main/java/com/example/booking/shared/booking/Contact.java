package com.example.booking.shared.booking;

/** Whom to tell about the booking. */
public record Contact(String name, String email, String phone) {
}
