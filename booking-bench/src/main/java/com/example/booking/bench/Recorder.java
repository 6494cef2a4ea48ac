package com.example.booking.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Latencies and outcomes of one operation ("hold", "confirm", "seat-map") inside the measured window. */
final class Recorder {

    private final String operation;
    private long[] latencies = new long[1 << 16];
    private int count;
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();

    Recorder(String operation) {
        this.operation = operation;
    }

    synchronized void record(long nanos, String outcome) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
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
        return summary;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
