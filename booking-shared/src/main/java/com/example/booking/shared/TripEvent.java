package com.example.booking.shared;

/** An event of one trip. Its aggregate sequence number is the trip's position. */
public interface TripEvent {

    TripId tripId();
}
