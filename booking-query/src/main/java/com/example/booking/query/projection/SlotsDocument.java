package com.example.booking.query.projection;

import java.time.Duration;
import java.time.Instant;

/**
 * One projection's slots: which is live, which is being rebuilt, which was retired and until when it is
 * still kept current. Every node reads it; every change is one conditional update of this document, so
 * two nodes never both start, reset or switch the same rebuild.
 *
 * @param auditEvents events recorded so far in the projection's own history stream (its next sequence)
 */
record SlotsDocument(String id, String active, String retired, Instant retiredUntil, Rebuild rebuild,
                     Rebuild lastRebuild, long auditEvents) {

    static final String COLLECTION = "read_model_slots";

    /** Whether {@code slot} is the retired one and {@code at} is still within its grace period plus {@code margin}. */
    boolean retiredAndCurrent(String slot, Instant at, Duration margin) {
        return slot.equals(retired) && retiredUntil != null && at.isBefore(retiredUntil.plus(margin));
    }

    /**
     * @param rebuildId not {@code id}: Spring Data would store that as {@code _id} inside the document
     * @param state     {@code releasing} (waiting for every node to let go of the slot's segments),
     *                  {@code resetting} (one node resets its tokens and drops its collections),
     *                  {@code building} (every node folds events into it), {@code completed}
     */
    record Rebuild(String rebuildId, String slot, String state, String requestedBy, Instant requestedAt, String resetBy,
                   Instant resetAt, Instant startedAt, Instant completedAt, long eventsApplied) {
    }

    static final String RELEASING = "releasing";
    static final String RESETTING = "resetting";
    static final String BUILDING = "building";
    static final String COMPLETED = "completed";
}
