package com.example.booking.command.cache;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Keeps the most recently used trips in memory, strongly referenced. Axon's {@code WeakReferenceCache}
 * lets the garbage collector drop a trip between two commands, and reloading a 10,000-seat trip costs
 * far more than keeping it; a bounded LRU keeps the hot trips and caps the memory. The bound is on trips
 * and on their seats together: a steady load on 200 small trips missed a cache of 64 trips two times in
 * three (a quarter of the request threads' CPU went into reloading trips), while a few trips of 100,000
 * seats are all the memory should hold.
 */
public class RecentTrips implements Cache {

    private final Map<Object, Object> entries;
    private final Map<Object, Long> weights = new HashMap<>();
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final long maxSeats;
    private final ToLongFunction<Object> seatsOf;
    private long seats;

    public RecentTrips(int capacity) {
        this(capacity, Long.MAX_VALUE, value -> 1);
    }

    /**
     * @param seatsOf the seats of a cached value (at least 1); values are weighed when they are put
     */
    public RecentTrips(int maxTrips, long maxSeats, ToLongFunction<Object> seatsOf) {
        this.maxSeats = maxSeats;
        this.seatsOf = seatsOf;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                boolean full = size() > maxTrips;
                if (full) {
                    forgetWeight(eldest.getKey());
                    listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                }
                return full;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        forgetWeight(key);
        long weight = Math.max(1, seatsOf.applyAsLong(value));
        weights.put(key, weight);
        seats += weight;
        boolean existed = entries.put(key, value) != null;
        listeners.forEach(listener -> {
            if (existed) {
                listener.onEntryUpdated(key, value);
            } else {
                listener.onEntryCreated(key, value);
            }
        });
        shrinkToSeats(key);
    }

    /** Drops the least recently used trips until the seats fit; the trip just put always stays. */
    private void shrinkToSeats(Object kept) {
        Iterator<Map.Entry<Object, Object>> eldest = entries.entrySet().iterator();
        while (seats > maxSeats && eldest.hasNext()) {
            Object key = eldest.next().getKey();
            if (key.equals(kept)) {
                continue;
            }
            eldest.remove();
            forgetWeight(key);
            listeners.forEach(listener -> listener.onEntryExpired(key));
        }
    }

    private void forgetWeight(Object key) {
        Long weight = weights.remove(key);
        if (weight != null) {
            seats -= weight;
        }
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public synchronized boolean remove(Object key) {
        if (TripVersions.refusedUnchanged()) {
            // a refused command (a seat already held, say) changed nothing: reloading the trip would only cost
            return false;
        }
        boolean removed = entries.remove(key) != null;
        if (removed) {
            forgetWeight(key);
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List.copyOf(entries.keySet()).forEach(this::remove);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        if (entries.containsKey(key)) {
            put(key, update.apply((V) entries.get(key)));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long seats() {
        return seats;
    }
}
