package com.example.booking.shared.batch;

import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;

import java.util.List;
import java.util.Map;

/**
 * Commands of one trip that queued on one node while the trip was busy, decided one after another in a
 * single unit of work: one lock turn, one aggregate load and one append for all of them (group commit).
 * Each command keeps its own outcome: a refused one changes nothing and does not affect its neighbours.
 *
 * @param commands in the order they are to be decided
 */
public record TripCommandBatch(TripId tripId, List<Entry> commands) implements TripCommand {

    public TripCommandBatch {
        commands = List.copyOf(commands);
        if (commands.isEmpty() || commands.stream().anyMatch(entry -> !entry.command().tripId().equals(tripId))) {
            throw new IllegalArgumentException("a batch holds one or more commands of trip " + tripId);
        }
    }

    /** The batch itself acts for nobody: each event names the actor of the command that caused it. */
    @Override
    public UserId actor() {
        return UserId.SYSTEM;
    }

    /**
     * @param origin the metadata the command would have carried on its own ({@link AuditTrail#ACTOR},
     *               {@link AuditTrail#CHANNEL}, {@link AuditTrail#REQUEST_ID}); copied onto its events
     */
    public record Entry(TripCommand command, Map<String, String> origin) {

        public Entry {
            origin = Map.copyOf(origin);
        }
    }
}
