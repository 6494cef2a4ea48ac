package com.example.booking.command.deadline;

import java.time.Instant;

/**
 * The payload of a trip's expiry sweep: at {@code at}, every hold of the trip that has run out is
 * expired. One sweep serves every hold expiring within the same second, so a hold costs the scheduler
 * nothing when its second already has a sweep (during an on-sale burst, almost always).
 */
public record ExpirySweepDue(Instant at) {
}
