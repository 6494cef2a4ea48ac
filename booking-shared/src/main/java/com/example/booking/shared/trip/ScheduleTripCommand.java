package com.example.booking.shared.trip;

import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.time.Instant;
import java.util.List;

/** Creates a trip with its seat plan: either explicit {@code seats} (and {@code tables}) or a {@code layout}. */
public record ScheduleTripCommand(TripId tripId, String name, Instant departsAt, List<Category> categories,
                                  List<SeatDefinition> seats, List<TableDefinition> tables, Layout layout,
                                  UserId actor) implements TripCommand {
}
