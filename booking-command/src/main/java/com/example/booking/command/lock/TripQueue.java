package com.example.booking.command.lock;

import com.example.booking.shared.TripId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of one trip waiting on this node for their turn, and whether a writer is on them. At most
 * one writer drains a queue at a time, so a node asks for a trip's lock once per batch rather than once
 * per request.
 */
final class TripQueue {

    private final TripId tripId;
    private final ArrayDeque<QueuedCommand> waiting = new ArrayDeque<>();
    private boolean draining;

    TripQueue(TripId tripId) {
        this.tripId = tripId;
    }

    TripId tripId() {
        return tripId;
    }

    /** Queues a command; true if nobody drains the queue, and the caller must start a writer on it. */
    synchronized boolean offer(QueuedCommand command) {
        waiting.add(command);
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /**
     * The next commands to write, oldest first; empty when the queue is empty, and then the writer is
     * done with it (the next {@link #offer} starts a new one).
     */
    synchronized List<QueuedCommand> next(int max) {
        if (waiting.isEmpty()) {
            draining = false;
            return List.of();
        }
        List<QueuedCommand> batch = new ArrayList<>(Math.min(max, waiting.size()));
        while (batch.size() < max && !waiting.isEmpty()) {
            batch.add(waiting.poll());
        }
        return batch;
    }
}
