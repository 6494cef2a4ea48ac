package com.example.booking.shared.seat;

import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.util.List;

/** An admin takes seats out of sale (broken seat, crew seat). Held or booked seats cannot be blocked. */
public record BlockSeatsCommand(TripId tripId, UserId actor, List<String> seats, String reason)
        implements TripCommand {
}
