package com.example.booking.shared.projection;

import org.axonframework.serialization.Revision;

/**
 * An operator asked for a read model to be rebuilt from the event store. The actor is in the event's
 * metadata, as for every other event; {@code slot} names the set of collections the rebuild fills.
 */
@Revision("1")
public record ProjectionRebuildRequestedEvent(String projection, String rebuildId, String slot) {
}
