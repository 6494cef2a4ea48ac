package com.example.booking.query.seatmap;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The seat documents of recently read trips, each as of one trip position. Every reader of an unchanged
 * trip shares one list instead of fetching and mapping all its seats again (10,000 documents for a
 * large trip), and readers arriving together while it changed wait for one fetch instead of each
 * starting their own: a thousand users opening an on-sale trip at once made a thousand full reads.
 * <p>
 * A trip that changed since its list was kept is brought up to date with the seats changed since then
 * (each seat document carries the position of its last change), not read whole again: during an on-sale
 * a trip changes between almost every two reads, and a whole 10,000-seat read per change was the cost.
 */
final class RecentSeatLists {

    /** A trip's seats as of {@code position}; {@code places} finds a seat in the list by its {@code idx}. */
    record Snapshot(MongoTemplate slot, long position, List<SeatDocument> seats, Map<Integer, Integer> places) {

        Snapshot(MongoTemplate slot, long position, List<SeatDocument> seats) {
            this(slot, position, seats, placesOf(seats));
        }

        private static Map<Integer, Integer> placesOf(List<SeatDocument> seats) {
            Map<Integer, Integer> places = new HashMap<>(seats.size() * 2);
            for (int i = 0; i < seats.size(); i++) {
                places.put(seats.get(i).idx(), i);
            }
            return places;
        }

        /** This list with {@code changed} in place of their older versions; null if a seat is new to it. */
        Snapshot with(long newPosition, List<SeatDocument> changed) {
            List<SeatDocument> updated = new ArrayList<>(seats);
            for (SeatDocument seat : changed) {
                Integer place = places.get(seat.idx());
                if (place == null) {
                    return null;
                }
                updated.set(place, seat);
            }
            return new Snapshot(slot, newPosition, Collections.unmodifiableList(updated), places);
        }
    }

    private final int capacity;
    private final Map<String, Snapshot> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    RecentSeatLists(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The trip's seats in {@code slot} as of {@code position} or later (a newer whole snapshot is as good
     * to a reader, and lets readers queued behind one fetch share it), or {@code null} when the seats
     * fetched are newer than {@code position}: an event is being applied, the caller reads the trip again.
     *
     * @param fetchAll          every seat of the trip, in seat order
     * @param fetchChangedSince the seats whose last change is after the given position
     */
    Snapshot seats(MongoTemplate slot, String tripId, long position, Supplier<List<SeatDocument>> fetchAll,
                   LongFunction<List<SeatDocument>> fetchChangedSince) {
        Snapshot snapshot = cached(slot, tripId, position);
        if (snapshot != null) {
            return snapshot;
        }
        synchronized (fetching.computeIfAbsent(tripId, id -> new Object())) {
            snapshot = cached(slot, tripId, position);
            if (snapshot != null) {
                return snapshot;
            }
            Snapshot older = entries.get(tripId);
            if (older != null && older.slot() == slot) {
                List<SeatDocument> changed = fetchChangedSince.apply(older.position());
                if (changed.stream().anyMatch(seat -> seat.position() > position)) {
                    return null;
                }
                snapshot = older.with(position, changed);
            }
            if (snapshot == null) {
                List<SeatDocument> fetched = List.copyOf(fetchAll.get());
                if (fetched.stream().anyMatch(seat -> seat.position() > position)) {
                    return null;
                }
                snapshot = new Snapshot(slot, position, fetched);
            }
            if (entries.size() >= capacity && !entries.containsKey(tripId)) {
                // a rough bound: the hot trips come back at their next read
                entries.clear();
            }
            entries.put(tripId, snapshot);
            return snapshot;
        }
    }

    private Snapshot cached(MongoTemplate slot, String tripId, long position) {
        Snapshot snapshot = entries.get(tripId);
        return snapshot != null && snapshot.slot() == slot && snapshot.position() >= position ? snapshot : null;
    }
}
