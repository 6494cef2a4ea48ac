package com.example.booking.command.deadline;

import java.time.Instant;

/**
 * The payload of a trip's expiry sweep: due at {@code at}, it expires every hold of the trip that has run
 * out. One sweep serves every hold expiring up to {@code coveredUntil}, the end of its window, so a hold
 * costs the scheduler nothing when its window already has a sweep.
 *
 * @param coveredUntil the latest expiry the sweep is for; absent in sweeps scheduled before windows, which
 *                     were due the moment their second ended
 */
public record ExpirySweepDue(Instant at, Instant coveredUntil) {

    /** Until when the sweep's holds may still be running: run before it, the sweep must wait. */
    public Instant covered() {
        return coveredUntil == null ? at : coveredUntil;
    }
}
