package com.example.booking.command.lock;

import com.example.booking.shared.TripId;

import java.time.Duration;
import java.util.concurrent.locks.Lock;

/** Hands out the distributed lock of a trip. */
public interface TripLocks {

    Lock lockOf(TripId tripId);

    Duration lease();
}
