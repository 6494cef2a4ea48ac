package com.example.booking.shared.trip;

import com.example.booking.shared.TripEvent;
import com.example.booking.shared.TripId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A trip was created. Carries the plan as given: explicit seats, or only the layout (expand it with
 * {@link SeatLayouts#expand(Layout)}), so the event of a 100,000-seat generated plan stays small.
 */
@Revision("1")
public record TripScheduledEvent(TripId tripId, String name, Instant departsAt, List<Category> categories,
                                 List<SeatDefinition> seats, List<TableDefinition> tables, Layout layout) implements TripEvent {

    public List<SeatDefinition> allSeats() {
        return layout != null ? SeatLayouts.expand(layout) : seats;
    }

    public String currency() {
        return categories.get(0).currency();
    }
}
