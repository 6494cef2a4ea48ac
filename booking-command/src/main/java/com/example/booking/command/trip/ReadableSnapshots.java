package com.example.booking.command.trip;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedType;

/**
 * The trip snapshots this version can read: those of its own {@link TripSeats#SNAPSHOT_REVISION} and the
 * unrevised ones written before it (holds and bookings keyed by id, see {@link RecordLists}). During a
 * rolling upgrade a node meets snapshots written by newer nodes; it loads those trips from their events
 * instead of failing to read them. Snapshots of anything else pass.
 */
public final class ReadableSnapshots implements SnapshotFilter {

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        SerializedType type = snapshot.getPayload().getType();
        if (!TripSeats.class.getName().equals(type.getName())) {
            return true;
        }
        return type.getRevision() == null || TripSeats.SNAPSHOT_REVISION.equals(type.getRevision());
    }
}
