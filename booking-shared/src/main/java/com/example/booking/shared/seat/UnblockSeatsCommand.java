package com.example.booking.shared.seat;

import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.util.List;

/** An admin puts blocked seats back on sale. */
public record UnblockSeatsCommand(TripId tripId, UserId actor, List<String> seats, String reason)
        implements TripCommand {
}
