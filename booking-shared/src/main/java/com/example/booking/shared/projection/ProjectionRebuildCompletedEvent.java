package com.example.booking.shared.projection;

import org.axonframework.serialization.Revision;

/**
 * A rebuilt read model caught up with the event store and replaced the old one for every reader.
 * {@code eventsApplied} counts the trip events folded into it.
 */
@Revision("1")
public record ProjectionRebuildCompletedEvent(String projection, String rebuildId, String slot, long eventsApplied,
                                              long durationMillis) {
}
