package com.example.booking.shared.live;

import java.util.List;

/**
 * What one event of a trip did to its seats, as the read side applied it. {@code position} grows by one
 * per change of the trip, so a receiver that sees a gap knows it missed something.
 */
public record SeatsChanged(String tripId, long position, List<SeatChange> changes) {
}
