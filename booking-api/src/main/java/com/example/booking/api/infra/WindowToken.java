package com.example.booking.api.infra;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * axon-mongo's tracking token, made cheap to advance. The stock token copies its whole look-back window
 * (every event id of the last seconds) into a new map for every event it advances over, and every cached
 * event keeps its own copy: at a few hundred events a second with a 10-s look-back that was hundreds of MB
 * of map entries on the heap and a copy of thousands of entries per event. Here consecutive tokens are
 * windows {@code [start, end)} over one shared, append-only log of event ids, so advancing appends one
 * entry, and {@link #covers} (asked for every event by every processor) looks only at the events between
 * two tokens.
 * <p>
 * Stored as the stock token is (same JSON fields, same window contents); {@link #covers} differs where the
 * stock token counts an event as seen that it has not seen.
 */
public final class WindowToken extends MongoTrackingToken {

    private final transient Log log;
    private final transient int start;
    private final transient int end;
    /** The oldest timestamp in the window (not always its first entry: events are stored late). */
    private final transient long oldest;
    /**
     * When a tracking read from this token, or from one it was advanced from, last looked back over the
     * whole window ({@link System#nanoTime()}), or {@link #NEVER}. Kept per token, not per log: a stream that
     * reads from an older token looks back by itself.
     */
    private transient volatile long lookedBackAt = NEVER;
    private static final long NEVER = Long.MIN_VALUE;

    private WindowToken(long timestamp, Log log, int start, int end, long oldest) {
        super(timestamp, new Window(log, start, end));
        this.log = log;
        this.start = start;
        this.end = end;
        this.oldest = oldest;
    }

    /** A token read back from the token store, or taken over from a stock token. */
    @JsonCreator
    public static WindowToken restored(@JsonProperty("timestamp") Instant timestamp,
                                       @JsonProperty("trackedEvents") Map<String, Long> trackedEvents) {
        // the store keeps ids and stamps only: the look-back they were trimmed with is known once a read
        // advances the token, which aggregate an entry belongs to never
        Log log = new Log(Math.max(16, trackedEvents.size() * 2), Log.UNKNOWN);
        trackedEvents.forEach((id, millis) -> log.append(id, millis, null, -1));
        return new WindowToken(timestamp.toEpochMilli(), log, 0, log.size, log.oldestOfNewest(0));
    }

    /** The token of the first event of a stream that trims its window to {@code lookBack}. */
    public static WindowToken first(Instant timestamp, String eventIdentifier, Duration lookBack) {
        return first(timestamp, eventIdentifier, null, -1, lookBack);
    }

    /** As {@link #first(Instant, String, Duration)}, for an aggregate's event at the given sequence number. */
    public static WindowToken first(Instant timestamp, String eventIdentifier, String aggregateIdentifier,
                                    long sequenceNumber, Duration lookBack) {
        Log log = new Log(16, lookBack.toMillis());
        log.append(eventIdentifier, timestamp.toEpochMilli(), aggregateIdentifier, sequenceNumber);
        return new WindowToken(timestamp.toEpochMilli(), log, 0, log.size, log.oldestOfNewest(0));
    }

    /**
     * The token after {@code previous} has also seen the given event, as {@link MongoTrackingToken#advanceTo}
     * makes it: events older than the newest timestamp minus {@code lookBack} leave the front of the window.
     */
    public static WindowToken advance(MongoTrackingToken previous, Instant timestamp, String eventIdentifier,
                                      Duration lookBack) {
        return advance(previous, timestamp, eventIdentifier, null, -1, lookBack);
    }

    /**
     * As {@link #advance(MongoTrackingToken, Instant, String, Duration)}, remembering which aggregate's event
     * at which sequence number it was, for {@link #holdsPredecessorOf}.
     */
    public static WindowToken advance(MongoTrackingToken previous, Instant timestamp, String eventIdentifier,
                                      String aggregateIdentifier, long sequenceNumber, Duration lookBack) {
        WindowToken from = previous instanceof WindowToken window ? window
                : restored(previous.getTimestamp(), previous.getTrackedEvents());
        if (from.containsKey(eventIdentifier)) {
            throw new IllegalArgumentException("the event " + eventIdentifier + " is already one of the token's");
        }
        return from.next(timestamp.toEpochMilli(), eventIdentifier, aggregateIdentifier, sequenceNumber,
                lookBack.toMillis());
    }

    private WindowToken next(long millis, String eventIdentifier, String aggregate, long sequence,
                             long lookBackMillis) {
        synchronized (log) {
            if (log.size == end) {
                log.lookBackMillis = lookBackMillis;
                long newest = Math.max(millis, getTimestamp().toEpochMilli());
                log.append(eventIdentifier, millis, aggregate, sequence);
                int newStart = log.trimFront(start, newest - lookBackMillis);
                WindowToken advanced = new WindowToken(newest, log, newStart, log.size, log.oldestOfNewest(newStart))
                        .compactedIfSparse();
                advanced.lookedBackAt = lookedBackAt;
                return advanced;
            }
        }
        // another token was advanced from this one before: this one branches off with a log of its own
        return copied(lookBackMillis).next(millis, eventIdentifier, aggregate, sequence, lookBackMillis);
    }

    /** A window far from the start of its log moves to a fresh log, so the dropped prefix can be collected. */
    private WindowToken compactedIfSparse() {
        if (start < 1024 || start < (end - start)) {
            return this;
        }
        return copied(log.lookBackMillis);
    }

    /** This window on a log of its own, entries as they are (entries below a published size never change). */
    private WindowToken copied(long lookBackMillis) {
        Log copy = new Log(Math.max(16, (end - start) * 2), lookBackMillis);
        for (int i = start; i < end; i++) {
            copy.append(log.idAt(i), log.timestampAt(i), log.aggregateAt(i), log.sequenceAt(i));
        }
        WindowToken copied = new WindowToken(getTimestamp().toEpochMilli(), copy, 0, copy.size, copy.oldestOfNewest(0));
        copied.lookedBackAt = lookedBackAt;
        return copied;
    }

    /** Whether a tracking read from this token is due to look back over its whole window again. */
    boolean lookBackDue(long nowNanos, long intervalNanos) {
        long last = lookedBackAt;
        return last == NEVER || nowNanos - last >= intervalNanos;
    }

    /** A tracking read from this token looks back over its whole window; tokens advanced from it inherit that. */
    void lookingBack(long nowNanos) {
        lookedBackAt = nowNanos;
    }

    /** The ids of the window's events stamped at {@code millis} or later, in the order they were seen. */
    List<String> idsSince(long millis) {
        List<String> ids = new ArrayList<>();
        for (int i = start; i < end; i++) {
            if (log.timestampAt(i) >= millis) {
                ids.add(log.idAt(i));
            }
        }
        return ids;
    }

    /**
     * Whether the event at {@code sequenceNumber} of the aggregate directly follows one in this window: its
     * predecessor is the aggregate's newest event this token has seen. {@code false} where this token cannot
     * tell: entries read back from the store, whose aggregates are not kept, or an aggregate whose newest
     * entry another stream appended after this token.
     */
    boolean holdsPredecessorOf(String aggregateIdentifier, long sequenceNumber) {
        int position = log.newestOf(aggregateIdentifier);
        return position >= start && position < end && log.sequenceAt(position) == sequenceNumber - 1;
    }

    private boolean containsKey(String eventIdentifier) {
        return log.indexIn(eventIdentifier, start, end) >= 0;
    }

    /**
     * Whether this token has seen every event the other has. An event the other saw that is not in this
     * window was seen here too only if it is older than all this window can tell apart: its oldest event,
     * and no less than the look-back it is trimmed to. axon-mongo's token takes the oldest event alone. After
     * a quiet spell the window holds only the last few events, far younger than the look-back, and an event
     * stored late, stamped before all of them, counted as seen: Axon's work package passed it over, and the
     * projections never applied it ({@code QuietStoreLateEventTest}). A token read back from the store does
     * not know its look-back until a read advances it, and until then counts only its window as seen: at
     * worst an event is delivered again, which the projections pass over by its position.
     */
    @Override
    public boolean covers(TrackingToken other) {
        if (!(other instanceof MongoTrackingToken that)) {
            return super.covers(other);
        }
        if (that.getTimestamp().isAfter(getTimestamp())) {
            return false;
        }
        long seenBefore = seenBefore();
        if (that instanceof WindowToken window && window.log == log) {
            // the other's events outside this window, without a look at the ones both windows hold
            for (int i = window.start; i < Math.min(window.end, start); i++) {
                if (!coversEntry(i, seenBefore)) {
                    return false;
                }
            }
            for (int i = Math.max(window.start, end); i < window.end; i++) {
                if (!coversEntry(i, seenBefore)) {
                    return false;
                }
            }
            return true;
        }
        for (Map.Entry<String, Long> entry : that.getTrackedEvents().entrySet()) {
            if (entry.getValue() >= seenBefore && !containsKey(entry.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** Events stamped before this are beyond what the window tells apart; {@link Long#MIN_VALUE} if unknown. */
    private long seenBefore() {
        long lookBack = log.lookBackMillis;
        return lookBack == Log.UNKNOWN ? Long.MIN_VALUE : Math.min(oldest, getTimestamp().toEpochMilli() - lookBack);
    }

    private boolean coversEntry(int position, long seenBefore) {
        return log.timestampAt(position) < seenBefore || containsKey(log.idAt(position));
    }

    @Override
    public TrackingToken lowerBound(TrackingToken other) {
        return plain().lowerBound(other);
    }

    @Override
    public TrackingToken upperBound(TrackingToken other) {
        return plain().upperBound(other);
    }

    private MongoTrackingToken plain() {
        return MongoTrackingToken.of(getTimestamp(), new LinkedHashMap<>(getTrackedEvents()));
    }

    /**
     * Event ids and timestamps in the order tokens saw them. Entries below a published size never change;
     * only the newest token of a log appends to it, under the log's monitor.
     */
    private static final class Log {

        static final long UNKNOWN = -1;

        private volatile String[] ids;
        private volatile long[] timestamps;
        private volatile String[] aggregates;
        private volatile long[] sequences;
        private volatile int size;
        private final Map<String, Integer> index = new ConcurrentHashMap<>();
        /** Each aggregate's newest entry, for entries whose aggregate is known. */
        private final Map<String, Integer> newest = new ConcurrentHashMap<>();
        /** Positions of the newest window whose timestamps rise: its front is the window's oldest. */
        private final ArrayDeque<Integer> minima = new ArrayDeque<>();

        /** The look-back the windows over this log are trimmed to, in ms, or {@link #UNKNOWN}. */
        private volatile long lookBackMillis;

        Log(int capacity, long lookBackMillis) {
            ids = new String[capacity];
            timestamps = new long[capacity];
            aggregates = new String[capacity];
            sequences = new long[capacity];
            this.lookBackMillis = lookBackMillis;
        }

        void append(String id, long timestamp, String aggregate, long sequence) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                timestamps = Arrays.copyOf(timestamps, size * 2);
                aggregates = Arrays.copyOf(aggregates, size * 2);
                sequences = Arrays.copyOf(sequences, size * 2);
            }
            ids[size] = id;
            timestamps[size] = timestamp;
            aggregates[size] = aggregate;
            sequences[size] = sequence;
            index.put(id, size);
            if (aggregate != null) {
                newest.put(aggregate, size);
            }
            while (!minima.isEmpty() && timestamps[minima.peekLast()] >= timestamp) {
                minima.pollLast();
            }
            minima.addLast(size);
            size++;
        }

        /** The first position from {@code start} whose entry is not older than {@code cutOff}. */
        int trimFront(int start, long cutOff) {
            int front = start;
            while (front < size && timestamps[front] < cutOff) {
                front++;
            }
            return front;
        }

        /** The oldest timestamp in {@code [start, size)}, for the newest window only. */
        long oldestOfNewest(int start) {
            while (!minima.isEmpty() && minima.peekFirst() < start) {
                minima.pollFirst();
            }
            // as the stock token: an empty window's oldest is 0
            return minima.isEmpty() ? 0L : timestamps[minima.peekFirst()];
        }

        int indexIn(String id, int start, int end) {
            Integer position = index.get(id);
            return position != null && position >= start && position < end ? position : -1;
        }

        String idAt(int position) {
            return ids[position];
        }

        String aggregateAt(int position) {
            return aggregates[position];
        }

        long sequenceAt(int position) {
            return sequences[position];
        }

        /** The position of the aggregate's newest entry, or -1. */
        int newestOf(String aggregate) {
            Integer position = aggregate == null ? null : newest.get(aggregate);
            return position == null ? -1 : position;
        }

        long timestampAt(int position) {
            return timestamps[position];
        }
    }

    /** The token's window as the map the stock token keeps: event id to timestamp, in log order. */
    private static final class Window extends AbstractMap<String, Long> {

        private final Log log;
        private final int start;
        private final int end;

        Window(Log log, int start, int end) {
            this.log = log;
            this.start = start;
            this.end = end;
        }

        @Override
        public int size() {
            return end - start;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String id && log.indexIn(id, start, end) >= 0;
        }

        @Override
        public Long get(Object key) {
            int position = key instanceof String id ? log.indexIn(id, start, end) : -1;
            return position < 0 ? null : log.timestampAt(position);
        }

        @Override
        public Set<Entry<String, Long>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return end - start;
                }

                @Override
                public Iterator<Entry<String, Long>> iterator() {
                    return new Iterator<>() {
                        private int next = start;

                        @Override
                        public boolean hasNext() {
                            return next < end;
                        }

                        @Override
                        public Entry<String, Long> next() {
                            if (next >= end) {
                                throw new NoSuchElementException();
                            }
                            int position = next++;
                            return new SimpleImmutableEntry<>(log.idAt(position), log.timestampAt(position));
                        }
                    };
                }
            };
        }
    }
}
