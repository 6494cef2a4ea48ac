package com.example.booking.command.config;

import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

import java.time.Clock;
import java.time.Duration;

/**
 * When a trip gets a new snapshot: once {@code threshold} events were applied since the last one, as with
 * Axon's event-count trigger, but no sooner than {@code minInterval} after the last one this node took of
 * the loaded trip. A busy trip stays loaded between commands, so its snapshot serves only a node that loads
 * it afresh; during an on-sale (~300 events a second) every 200 events meant re-serialising a 10,000-seat
 * trip 1.5 times a second, each copy of it large enough for G1 to allocate outside the young generation,
 * and those allocations kept starting concurrent collection cycles and their pauses (session 27). The
 * first crossing after a load is taken at once, so a load that had many events to replay is not repeated.
 */
final class SpacedSnapshots implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int threshold;
    private final Duration minInterval;
    private final Clock clock;

    SpacedSnapshots(Snapshotter snapshotter, int threshold, Duration minInterval, Clock clock) {
        this.snapshotter = snapshotter;
        this.threshold = threshold;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, threshold, minInterval.toMillis(), clock);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof Trigger spaced) {
            spaced.setSnapshotter(snapshotter);
            spaced.clock = clock;
            return spaced;
        }
        return prepareTrigger(aggregateType);
    }

    static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final int threshold;
        private final long minIntervalMillis;
        private transient Clock clock;
        private int counter;
        private boolean taken;
        private long takenAtMillis;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int threshold, long minIntervalMillis, Clock clock) {
            super(snapshotter, aggregateType);
            this.threshold = threshold;
            this.minIntervalMillis = minIntervalMillis;
            this.clock = clock;
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++counter >= threshold && (!taken || clock.millis() - takenAtMillis >= minIntervalMillis);
        }

        @Override
        protected void reset() {
            counter = 0;
            taken = true;
            takenAtMillis = clock.millis();
        }
    }
}
