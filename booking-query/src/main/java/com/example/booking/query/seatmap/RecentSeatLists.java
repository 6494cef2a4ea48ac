package com.example.booking.query.seatmap;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The seat documents of recently read trips, each as of one trip position. Every reader of an unchanged
 * trip shares one list instead of fetching and mapping all its seats again (10,000 documents for a
 * large trip), and readers arriving together while it changed wait for one fetch instead of each
 * starting their own: a thousand users opening an on-sale trip at once made a thousand full reads.
 */
final class RecentSeatLists {

    /** A trip's seats as of {@code position}. */
    record Snapshot(MongoTemplate slot, long position, List<SeatDocument> seats) {
    }

    private final int capacity;
    private final Map<String, Snapshot> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    RecentSeatLists(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The trip's seats in {@code slot} as of {@code position} or later (a newer whole snapshot is as good
     * to a reader, and lets readers queued behind one fetch share it), or {@code null} when {@code fetch}
     * returned seats newer than {@code position}: an event is being applied, the caller reads the trip again.
     */
    Snapshot seats(MongoTemplate slot, String tripId, long position, Supplier<List<SeatDocument>> fetch) {
        Snapshot snapshot = cached(slot, tripId, position);
        if (snapshot != null) {
            return snapshot;
        }
        synchronized (fetching.computeIfAbsent(tripId, id -> new Object())) {
            snapshot = cached(slot, tripId, position);
            if (snapshot != null) {
                return snapshot;
            }
            List<SeatDocument> fetched = List.copyOf(fetch.get());
            if (fetched.stream().anyMatch(seat -> seat.position() > position)) {
                return null;
            }
            if (entries.size() >= capacity) {
                // a rough bound: the hot trips come back at their next read
                entries.clear();
            }
            snapshot = new Snapshot(slot, position, fetched);
            entries.put(tripId, snapshot);
            return snapshot;
        }
    }

    private Snapshot cached(MongoTemplate slot, String tripId, long position) {
        Snapshot snapshot = entries.get(tripId);
        return snapshot != null && snapshot.slot() == slot && snapshot.position() >= position ? snapshot : null;
    }
}
