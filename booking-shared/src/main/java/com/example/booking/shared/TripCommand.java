package com.example.booking.shared;

/**
 * A command addressed to one trip. The trip id routes the command to its aggregate and names the
 * distributed lock that serialises work on the trip across nodes.
 */
public interface TripCommand {

    TripId tripId();

    /** Who asked; ADMIN decisions (cancelling another's booking) are taken from {@link #actorIsAdmin()}. */
    UserId actor();

    default boolean actorIsAdmin() {
        return false;
    }
}
