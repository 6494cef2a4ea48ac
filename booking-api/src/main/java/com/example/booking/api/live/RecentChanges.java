package com.example.booking.api.live;

import com.example.booking.shared.live.SeatChange;
import com.example.booking.shared.live.SeatsChanged;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The latest changes of one trip's seats as this node received them, without a gap, so that a subscriber
 * who asked for conflated changes can be sent everything since its position in one message. Not
 * thread-safe: its {@link TripFeeds} feed's lock guards it.
 */
final class RecentChanges {

    private final int capacity;
    private final ArrayDeque<SeatsChanged> changes = new ArrayDeque<>();
    /**
     * Messages built since the last change, by the position they start after: thousands of subscribers
     * that were sent the same message and are ready again at the same moment share one rendering.
     */
    private final Map<Long, byte[]> sinceCache = new HashMap<>();

    RecentChanges(int capacity) {
        this.capacity = capacity;
    }

    void add(SeatsChanged change) {
        if (!changes.isEmpty() && change.position() <= latest()) {
            return;
        }
        if (!changes.isEmpty() && change.position() != latest() + 1) {
            // this node missed a change: only what follows is contiguous
            changes.clear();
        }
        changes.addLast(change);
        if (changes.size() > capacity) {
            changes.removeFirst();
        }
        sinceCache.clear();
    }

    void clear() {
        changes.clear();
        sinceCache.clear();
    }

    /** The last position received, or -1 before the first. */
    long latest() {
        return changes.isEmpty() ? -1 : changes.peekLast().position();
    }

    /** True if every change after {@code position} up to the latest is here. */
    boolean covers(long position) {
        return !changes.isEmpty() && position + 1 >= changes.peekFirst().position() && position < latest();
    }

    /**
     * The message for every change after {@code position}, each seat once with its latest status and
     * reason, in the order of their last change; only when {@link #covers(long)} holds.
     */
    byte[] since(long position, Function<ChangesSince, byte[]> render) {
        byte[] cached = sinceCache.get(position);
        if (cached != null) {
            return cached;
        }
        List<SeatChange> latestFirst = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<SeatsChanged> newestFirst = changes.descendingIterator(); newestFirst.hasNext(); ) {
            SeatsChanged change = newestFirst.next();
            if (change.position() <= position) {
                break;
            }
            List<SeatChange> seats = change.changes();
            for (int i = seats.size() - 1; i >= 0; i--) {
                if (seen.add(seats.get(i).seat())) {
                    latestFirst.add(seats.get(i));
                }
            }
        }
        Collections.reverse(latestFirst);
        SeatsChanged last = changes.peekLast();
        byte[] rendered = render.apply(new ChangesSince(last.tripId(), position + 1, last.position(), latestFirst));
        if (rendered != null) {
            sinceCache.put(position, rendered);
        }
        return rendered;
    }

    /** Changes {@code fromPosition} to {@code position}, both included, merged per seat. */
    record ChangesSince(String tripId, long fromPosition, long position, List<SeatChange> changes) {
    }
}
