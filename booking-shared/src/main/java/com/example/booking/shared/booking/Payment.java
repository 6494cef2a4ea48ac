package com.example.booking.shared.booking;

/** A reference to a payment taken elsewhere. Never card data: events are kept forever. */
public record Payment(String reference, String method) {
}
