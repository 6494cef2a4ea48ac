package com.example.booking.shared.hold;

import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.util.List;

/** Gives back seats the caller holds, whichever holds they belong to. */
public record ReleaseSeatsCommand(TripId tripId, UserId actor, List<String> seats) implements TripCommand {
}
