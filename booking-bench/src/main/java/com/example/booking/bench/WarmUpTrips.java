package com.example.booking.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The trips the warm-up loads, each replaced by a fresh one once most of its seats are taken. Without
 * that, 1,000 users sold the one warm-up trip of an on-sale out within a minute or two and spent the rest
 * of a five-minute warm-up on refusals: the JIT warmed the conflict path while the measured trip opened
 * on a cold path of holds, confirmations and projections. Used with {@code --fresh-warm-up-trips true}:
 * each fresh trip stays in the service and its heap. The seats taken are counted from successful holds
 * alone; seats given back ({@code --warm-up-seats-back true}) are not subtracted.
 */
final class WarmUpTrips implements AutoCloseable {

    /** Makes the n-th fresh trip and answers its id. */
    interface Maker {
        String make(int n) throws Exception;
    }

    private static final double TAKEN_BEFORE_REPLACED = 0.8;

    private final AtomicReferenceArray<String> trips;
    private final int seatsPerTrip;
    private final Maker maker;
    private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
    private final Map<String, Boolean> replacing = new ConcurrentHashMap<>();
    private final AtomicInteger made = new AtomicInteger();
    /** One trip is made at a time: a 10,000-seat trip is a large event and its read model's seats. */
    private final ExecutorService making = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warm-up-trips");
        thread.setDaemon(true);
        return thread;
    });

    /** @param maker how fresh trips are made; null: the first trips are kept throughout */
    WarmUpTrips(List<String> first, int seatsPerTrip, Maker maker) {
        this.trips = new AtomicReferenceArray<>(first.toArray(String[]::new));
        this.seatsPerTrip = seatsPerTrip;
        this.maker = maker;
    }

    String pick(int random) {
        return trips.get(Math.floorMod(random, trips.length()));
    }

    /** A hold of {@code seats} seats on {@code trip} succeeded; past the threshold the trip is replaced. */
    void taken(String trip, int seats) {
        if (maker == null) {
            return;
        }
        int now = taken.computeIfAbsent(trip, t -> new AtomicInteger()).addAndGet(seats);
        if (now >= seatsPerTrip * TAKEN_BEFORE_REPLACED && replacing.putIfAbsent(trip, true) == null) {
            making.execute(() -> replace(trip));
        }
    }

    int replaced() {
        return made.get();
    }

    private void replace(String full) {
        try {
            String fresh = maker.make(made.incrementAndGet());
            for (int i = 0; i < trips.length(); i++) {
                if (trips.compareAndSet(i, full, fresh)) {
                    return;
                }
            }
        } catch (Exception e) {
            // the warm-up goes on with the trips it has; the report's outcomes show the refusals
            BenchClient.REPORT.printf("cannot make a fresh warm-up trip: %s%n", e);
        }
    }

    @Override
    public void close() {
        making.shutdownNow();
    }
}
