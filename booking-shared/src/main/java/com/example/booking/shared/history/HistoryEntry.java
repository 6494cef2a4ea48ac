package com.example.booking.shared.history;

import java.time.Instant;

/** One event of a trip as support staff read it: when, who, what, and the event's data. */
public record HistoryEntry(long position, String type, Instant timestamp, String actor, String channel,
                           String requestId, Object data) {
}
