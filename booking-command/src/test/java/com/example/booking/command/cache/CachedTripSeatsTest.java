package com.example.booking.command.cache;

import com.example.booking.command.trip.TripSeats;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.Layout;
import com.example.booking.shared.trip.ScheduleTripCommand;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** A trip in Axon's cache weighs its seats, read from the entry Axon really caches. */
class CachedTripSeatsTest {

    @Test
    void aCachedTripWeighsItsSeats() throws Exception {
        ScheduleTripCommand schedule = new ScheduleTripCommand(new TripId("bus-1"), "Bus", Instant.parse("2026-12-24T08:00:00Z"),
                List.of(new Category("std", "Standard", new BigDecimal("12.50"), "EUR")), null, null,
                new Layout(12, 4, "std"), new UserId("admin"));
        Callable<TripSeats> scheduled = () -> new TripSeats(schedule);
        EventSourcedAggregate<TripSeats> trip = EventSourcedAggregate.initialize(scheduled,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(TripSeats.class), (EventBus) null, NoSnapshotTriggerDefinition.TRIGGER);

        assertThat(new CachedTripSeats().applyAsLong(new AggregateCacheEntry<>(trip))).isEqualTo(48);
    }
}
