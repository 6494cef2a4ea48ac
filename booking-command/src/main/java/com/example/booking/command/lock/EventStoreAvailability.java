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

    /**
     * Whether a failed write may still have been stored (the store took it and its answer was lost): then
     * the commands in it must not be decided again, which would answer them against their own events.
     */
    default boolean outcomeUnknown(Throwable failure) {
        return false;
    }

    static EventStoreAvailability assumed() {
        return () -> true;
    }
}
