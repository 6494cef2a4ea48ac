package com.example.booking.command.config;

import com.example.booking.command.trip.SuppliedClock;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpacedSnapshotsTest {

    private final List<String> scheduled = new ArrayList<>();
    private final Snapshotter snapshotter = (type, id) -> scheduled.add(id);
    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final Clock clock = new SuppliedClock(() -> now);
    private final SpacedSnapshots snapshots = new SpacedSnapshots(snapshotter, 3, Duration.ofSeconds(10), clock);
    private long sequence;

    @Test
    void aLoadedTripIsSnapshottedAtItsThresholdThenNoSoonerThanTheIntervalAfter() {
        SnapshotTrigger trigger = snapshots.prepareTrigger(Object.class);
        trigger.initializationFinished();

        apply(trigger, 3);
        assertThat(scheduled).as("the first crossing after a load").hasSize(1);

        apply(trigger, 20);
        assertThat(scheduled).as("twenty more events within the interval").hasSize(1);

        now = now.plusSeconds(9);
        apply(trigger, 1);
        assertThat(scheduled).hasSize(1);

        now = now.plusSeconds(1);
        apply(trigger, 1);
        assertThat(scheduled).as("the interval is over and the threshold long passed").hasSize(2);

        now = now.plusSeconds(60);
        apply(trigger, 2);
        assertThat(scheduled).as("the interval is over but the threshold not yet reached again").hasSize(2);
        apply(trigger, 1);
        assertThat(scheduled).hasSize(3);
    }

    @Test
    void aTripReconfiguredFromTheCacheKeepsWhenItWasLastSnapshotted() {
        SnapshotTrigger trigger = snapshots.prepareTrigger(Object.class);
        trigger.initializationFinished();
        apply(trigger, 3);

        SnapshotTrigger again = new SpacedSnapshots(snapshotter, 3, Duration.ofSeconds(10), clock)
                .reconfigure(Object.class, trigger);
        apply(again, 5);

        assertThat(again).isSameAs(trigger);
        assertThat(scheduled).hasSize(1);
    }

    private void apply(SnapshotTrigger trigger, int events) {
        for (int i = 0; i < events; i++) {
            trigger.eventHandled(new GenericDomainEventMessage<>("Trip", "trip-1", sequence++, "event"));
        }
    }
}
