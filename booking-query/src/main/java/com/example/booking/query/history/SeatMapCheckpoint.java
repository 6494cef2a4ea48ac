package com.example.booking.query.history;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * A trip's seats after its events up to {@code position}: a past seat map folds on from here instead of from
 * the trip's first event. Events never change, so a checkpoint never goes stale, and two nodes writing
 * the same one write the same document.
 *
 * @param reachedAt the latest time of any event up to {@code position}: only a moment at or after it
 *                  may start here, because folding from the start stops at the first event after the moment
 * @param seats     the seats that are not available; every other seat of the plan is
 */
@Document(SeatMapCheckpoint.COLLECTION)
record SeatMapCheckpoint(@Id String id, String tripId, long position, Instant reachedAt, List<SeatState> seats) {

    static final String COLLECTION = "seat_map_checkpoints";

    record SeatState(String label, String status, Instant expiresAt, String holder) {
    }

    static String id(String tripId, long position) {
        return tripId + "|" + position;
    }
}
