package com.example.booking.query.projection;

import java.time.Instant;

/**
 * One projection as operators see it.
 *
 * @param status   {@code running}, {@code rebuilding} or {@code stopped} (its processor is not running on this node)
 * @param position trip events the live read model has applied
 * @param head     trip events in the event store
 * @param lag      {@code head - position}
 * @param progress percent: of the rebuild while one runs, otherwise how much of the store the live model shows
 * @param slot     the slot readers use
 */
public record ProjectionStatus(String name, String status, long position, long head, long lag, int progress,
                               String slot, Rebuild rebuild, Rebuild lastRebuild) {

    /** A rebuild under way or the last one that completed. */
    public record Rebuild(String id, String slot, String state, String requestedBy, Instant requestedAt,
                          Instant startedAt, Instant completedAt, long eventsApplied) {
    }
}
