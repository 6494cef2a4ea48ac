package com.example.booking.shared.hold;

import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.time.Duration;
import java.util.List;

/**
 * Holds 1–50 named seats, or every seat of {@code table}, for {@code holdFor}; all or nothing.
 * Exactly one of {@code seats} and {@code table} is given.
 */
public record HoldSeatsCommand(TripId tripId, HoldId holdId, UserId actor, List<String> seats, String table,
                               Duration holdFor) implements TripCommand {

    public static final int MAX_SEATS = 50;
    public static final Duration MIN_HOLD = Duration.ofMinutes(1);
    public static final Duration MAX_HOLD = Duration.ofMinutes(30);
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);
}
