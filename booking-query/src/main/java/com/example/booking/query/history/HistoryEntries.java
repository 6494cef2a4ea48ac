package com.example.booking.query.history;

import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.history.HistoryEntry;
import org.axonframework.eventhandling.DomainEventMessage;

/** One stored event as support staff read it. */
public final class HistoryEntries {

    private HistoryEntries() {
    }

    public static HistoryEntry of(DomainEventMessage<?> event) {
        String type = event.getPayloadType().getSimpleName().replaceFirst("Event$", "");
        Object actor = event.getMetaData().get(AuditTrail.ACTOR);
        return new HistoryEntry(event.getSequenceNumber(), type, event.getTimestamp(),
                actor == null ? AuditTrail.SYSTEM : actor.toString(),
                (String) event.getMetaData().get(AuditTrail.CHANNEL),
                (String) event.getMetaData().get(AuditTrail.REQUEST_ID), event.getPayload());
    }
}
