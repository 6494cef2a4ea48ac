package com.example.booking.shared.trip;

import java.time.Instant;

/** A trip and how many of its seats are in each state; {@code position} is the last change applied. */
public record TripView(String tripId, String name, Instant departsAt, int totalSeats, int available, int held,
                       int booked, int blocked, long position) {
}
