package com.example.booking.bench;

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
 * that mixes compiling with serving. It also reads the service's own timings of a command's stages, so a
 * report can say where the holds' latency went.
 */
final class AppSampler implements AutoCloseable {

    /**
     * The service's command stages, in the order a command passes them (see the service's README), the
     * projections' lag with its first part (until a worker starts the batch), and what reads waited for
     * their caller's writes to reach the read models.
     */
    private static final List<String> STAGES = List.of("booking.command.queued", "booking.command.batch.lock",
            "booking.command.batch.write", "booking.projection.pickup", "booking.projection.lag",
            "booking.read.own-writes", "booking.command.batch.size");

    /** One reading; {@code stages} holds each stage's count and total (seconds, or commands for the size). */
    private record Sample(long nanos, double cpuNanos, double compileMillis, double pageReads, double[][] stages) {
    }

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
            // the two clocks first and together: under load each metrics request waits for a request thread,
            // and a CPU time read seconds after its timestamp showed a 2-core machine busy 5 cores
            double cpuNanos = client.metric(adminToken, "process.cpu.time", "COUNT");
            double compileMillis = client.metric(adminToken, "jvm.compilation.time", "COUNT");
            long now = System.nanoTime();
            maxBytes = Math.max(maxBytes, client.metric(adminToken, "jvm.memory.used?tag=area:heap", "VALUE"));
            double[][] stages = new double[STAGES.size()][];
            for (int i = 0; i < stages.length; i++) {
                Map<String, Double> stage = client.statistics(adminToken, STAGES.get(i));
                // a timer's total is TOTAL_TIME, a distribution summary's TOTAL
                stages[i] = new double[]{stage.getOrDefault("COUNT", 0.0),
                        stage.getOrDefault("TOTAL_TIME", stage.getOrDefault("TOTAL", 0.0))};
            }
            Sample sample = new Sample(now, cpuNanos, compileMillis, pageReads(), stages);
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (Exception e) {
            // a missed reading leaves the figures as they are
        }
    }

    /**
     * Pages the embedded MongoDB-wire server read from its file so far: its page cache's misses. None (NaN)
     * when the service talks to a MongoDB of its own.
     */
    private double pageReads() {
        try {
            return client.statistics(adminToken, "booking.embedded-mongo.page-reads").getOrDefault("COUNT", Double.NaN);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    long maxMiB() {
        return Math.round(maxBytes / (1024 * 1024));
    }

    /**
     * Between the samples nearest to {@code from} and {@code until} ({@link System#nanoTime()}): the cores
     * the service used, the compiler's busy time per second (elapsed time of its threads, not CPU), and the
     * mean of each command stage (ms; commands for the batch size).
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
        double pageReads = last.pageReads - first.pageReads;
        if (!Double.isNaN(pageReads)) {
            figures.put("embeddedMongoPageReadsPerSecond", Math.round(pageReads / seconds * 10) / 10.0);
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        for (int i = 0; i < STAGES.size(); i++) {
            double count = last.stages[i][0] - first.stages[i][0];
            double total = last.stages[i][1] - first.stages[i][1];
            double scale = STAGES.get(i).endsWith(".size") ? 1 : 1000;
            stages.put(STAGES.get(i).substring("booking.".length()),
                    count == 0 ? null : Math.round(total / count * scale * 100) / 100.0);
        }
        figures.put("commandStageMeans", stages);
        return figures;
    }

    /**
     * {@link #window} of each {@code sliceSeconds} slice of the window, in order, as [cores, JIT s per s,
     * queued ms, projection lag ms] (a stage without commands in the slice: 0). Samples are a second
     * apart, so each slice's figures are of its samples' span, give or take half a second.
     */
    List<List<Object>> slices(long from, long until, int sliceSeconds) {
        List<List<Object>> slices = new ArrayList<>();
        long step = sliceSeconds * 1_000_000_000L;
        for (long start = from; start + step / 2 < until; start += step) {
            Map<String, Object> figures = window(start, Math.min(start + step, until));
            if (figures.isEmpty()) {
                continue;
            }
            Map<?, ?> stages = (Map<?, ?>) figures.get("commandStageMeans");
            slices.add(List.of(figures.get("appCpuCores"), figures.get("appJitBusyPerSecond"),
                    orZero(stages.get("command.queued")), orZero(stages.get("projection.lag"))));
        }
        return slices;
    }

    private static Object orZero(Object mean) {
        return mean == null ? 0.0 : mean;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
