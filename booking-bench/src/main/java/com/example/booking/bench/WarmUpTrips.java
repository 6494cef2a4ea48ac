package com.example.booking.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The trips users warm up on, replaced by fresh ones every period until the measured window is near. An
 * on-sale trip is full in well under a minute; warming up on one trip for ten minutes then meant nine minutes
 * of refusals only, and the JIT met the paths of a successful hold (events, projections, confirmations)
 * only in the measured window, where it compiled a second of every second.
 */
final class WarmUpTrips implements AutoCloseable {

    /** Makes a trip of the given id (on the service: creates it) and returns its id. */
    interface Maker {
        String make(String tripId) throws Exception;
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warm-up-trips");
        thread.setDaemon(true);
        return thread;
    });
    private final String prefix;
    private final int count;
    private final Maker maker;
    private int generation;
    private volatile List<String> current;

    /** {@code count} trips now, and fresh ones every {@code periodNanos} unless the window starts within a period. */
    WarmUpTrips(String prefix, int count, Maker maker, long periodNanos, long measureFrom) throws Exception {
        this.prefix = prefix;
        this.count = count;
        this.maker = maker;
        this.current = make();
        timer.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() + periodNanos >= measureFrom) {
                // a trip created inside the window would be measured along with the users
                timer.shutdown();
                return;
            }
            try {
                current = make();
            } catch (Exception e) {
                // the users go on warming up on the trips they have
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private List<String> make() throws Exception {
        generation++;
        List<String> trips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            trips.add(maker.make(prefix + "warm-" + generation + "-" + i));
        }
        return trips;
    }

    List<String> now() {
        return current;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
