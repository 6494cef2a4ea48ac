package com.example.booking.command.cache;

import com.example.booking.command.trip.TripSeats;
import org.axonframework.eventsourcing.AggregateCacheEntry;

import java.lang.reflect.Field;
import java.util.function.ToLongFunction;

/**
 * The seats of a trip in Axon's aggregate cache, to weigh it by. Axon's cache entry keeps the aggregate in
 * a private field and offers it only by rebuilding a whole aggregate around it; reading the field once per
 * put is the cheap way. Anything else weighs as one seat.
 */
public final class CachedTripSeats implements ToLongFunction<Object> {

    private static final Field ROOT = rootField();

    private static Field rootField() {
        try {
            Field root = AggregateCacheEntry.class.getDeclaredField("aggregateRoot");
            root.setAccessible(true);
            return root;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a changed Axon: every trip then weighs one seat, and only the count bound applies
            return null;
        }
    }

    @Override
    public long applyAsLong(Object value) {
        if (ROOT == null || !(value instanceof AggregateCacheEntry<?> entry)) {
            return 1;
        }
        try {
            return ROOT.get(entry) instanceof TripSeats trip ? trip.seatCount() : 1;
        } catch (IllegalAccessException e) {
            return 1;
        }
    }
}
