package com.example.booking.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latencies and outcomes of one operation ("hold", "confirm", "seat-map") inside the measured window, and
 * the p99 and the successes of each slice of it: a tail made by a few seconds' hiccup (a burst of re-verified tokens, the JIT
 * recompiling for a new mix) looks the same in the window's p99 as a tail spread over all of it.
 */
final class Recorder {

    static final int SLICE_SECONDS = 5;

    private final String operation;
    private long[] latencies = new long[1 << 16];
    private int[] slices = new int[1 << 16];
    private boolean[] succeeded = new boolean[1 << 16];
    private int count;
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();

    Recorder(String operation) {
        this.operation = operation;
    }

    /** @param startedAfterNanos when the request started, counted from the window's start */
    synchronized void record(long nanos, long startedAfterNanos, String outcome) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
            slices = Arrays.copyOf(slices, count * 2);
            succeeded = Arrays.copyOf(succeeded, count * 2);
        }
        slices[count] = (int) (startedAfterNanos / (SLICE_SECONDS * 1_000_000_000L));
        succeeded[count] = outcome.startsWith("2");
        latencies[count++] = nanos;
        outcomes.merge(outcome, 1, Integer::sum);
    }

    /** The figures of the measured window: throughput, percentiles in ms, outcomes by status and code. */
    synchronized Map<String, Object> summary(double seconds) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("operation", operation);
        summary.put("requests", count);
        summary.put("perSecond", round(count / seconds));
        summary.put("succeededPerSecond", round(outcomes.entrySet().stream()
                .filter(e -> e.getKey().startsWith("2")).mapToInt(Map.Entry::getValue).sum() / seconds));
        summary.put("p50", round(BenchClient.percentile(sorted, 50)));
        summary.put("p95", round(BenchClient.percentile(sorted, 95)));
        summary.put("p99", round(BenchClient.percentile(sorted, 99)));
        summary.put("max", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        summary.put("outcomes", new TreeMap<>(outcomes));
        summary.put("p99BySlice", p99BySlice());
        summary.put("succeededBySlice", succeededBySlice());
        return summary;
    }

    /**
     * The successful requests started in each slice: a fresh on-sale trip answers most holds 201 at first
     * and refuses most later, and a successful hold costs the service far more than a refused one (events,
     * projections), so the load's weight moves within the window while the request rate hardly does.
     */
    private List<Integer> succeededBySlice() {
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            while (counts.size() <= slices[i]) {
                counts.add(0);
            }
            if (succeeded[i]) {
                counts.set(slices[i], counts.get(slices[i]) + 1);
            }
        }
        return counts;
    }

    /** The p99 (ms) of the requests started in each {@link #SLICE_SECONDS}-second slice of the window, in order. */
    private List<Double> p99BySlice() {
        int last = -1;
        for (int i = 0; i < count; i++) {
            last = Math.max(last, slices[i]);
        }
        List<Double> p99s = new ArrayList<>();
        for (int slice = 0; slice <= last; slice++) {
            long[] in = new long[count];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (slices[i] == slice) {
                    in[n++] = latencies[i];
                }
            }
            long[] sorted = Arrays.copyOf(in, n);
            Arrays.sort(sorted);
            p99s.add(round(BenchClient.percentile(sorted, 99)));
        }
        return p99s;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
