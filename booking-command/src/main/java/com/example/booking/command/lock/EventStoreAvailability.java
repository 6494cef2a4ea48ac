package com.example.booking.command.lock;

/**
 * Whether the event store can take writes right now, as the storage's own client last saw it. While it
 * cannot, a command is answered {@code unavailable} at once instead of taking the trip's lock and
 * holding it through storage timeouts, which would turn every request queued behind it into a
 * misleading {@code seat_locked}.
 */
@FunctionalInterface
public interface EventStoreAvailability {

    boolean writable();

    static EventStoreAvailability assumed() {
        return () -> true;
    }
}
