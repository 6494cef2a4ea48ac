package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the service's metrics endpoint once a second: the highest used heap, and its CPU time and JIT
 * compile time, so a report can say how busy the service and its compiler were in the measured window.
 * On these two cores the JIT was still catching up five minutes into an on-sale; a window measured before
 * that mixes compiling with serving.
 */
final class AppSampler implements AutoCloseable {

    private record Sample(long nanos, double cpuNanos, double compileMillis) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService timer = BenchClient.timer("app-sampler");
    private final BenchClient client;
    private final String adminToken;
    private final List<Sample> samples = new ArrayList<>();
    private volatile double maxBytes;

    AppSampler(BenchClient client, String adminToken) {
        this.client = client;
        this.adminToken = adminToken;
        timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            maxBytes = Math.max(maxBytes, metric("jvm.memory.used?tag=area:heap"));
            long now = System.nanoTime();
            Sample sample = new Sample(now, metric("process.cpu.time"), metric("jvm.compilation.time"));
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (Exception e) {
            // a missed reading leaves the figures as they are
        }
    }

    private double metric(String name) throws Exception {
        JsonNode metric = json.readTree(client.send("GET", "/actuator/metrics/" + name, adminToken, null).body());
        return metric.at("/measurements/0/value").asDouble();
    }

    long maxMiB() {
        return Math.round(maxBytes / (1024 * 1024));
    }

    /**
     * Between the samples nearest to {@code from} and {@code until} ({@link System#nanoTime()}): the cores
     * the service used, and the compiler's busy time per second (elapsed time of its threads, not CPU).
     */
    Map<String, Object> window(long from, long until) {
        Sample first = null;
        Sample last = null;
        synchronized (samples) {
            for (Sample sample : samples) {
                if (first == null && sample.nanos >= from - 500_000_000L) {
                    first = sample;
                }
                if (sample.nanos <= until + 500_000_000L) {
                    last = sample;
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        if (first == null || last == null || last.nanos <= first.nanos) {
            return figures;
        }
        double seconds = (last.nanos - first.nanos) / 1e9;
        figures.put("appCpuCores", Math.round((last.cpuNanos - first.cpuNanos) / 1e9 / seconds * 100) / 100.0);
        figures.put("appJitBusyPerSecond", Math.round((last.compileMillis - first.compileMillis) / 1e3 / seconds * 100) / 100.0);
        return figures;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
