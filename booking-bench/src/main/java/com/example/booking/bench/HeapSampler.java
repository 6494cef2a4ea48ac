package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Reads the service's used heap from its metrics endpoint once a second; keeps the highest reading. */
final class HeapSampler implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final BenchClient client;
    private final String adminToken;
    private volatile double maxBytes;

    HeapSampler(BenchClient client, String adminToken) {
        this.client = client;
        this.adminToken = adminToken;
        timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            JsonNode metric = json.readTree(client.send("GET", "/actuator/metrics/jvm.memory.used?tag=area:heap",
                    adminToken, null).body());
            maxBytes = Math.max(maxBytes, metric.at("/measurements/0/value").asDouble());
        } catch (Exception e) {
            // a missed reading leaves the maximum as it is
        }
    }

    long maxMiB() {
        return Math.round(maxBytes / (1024 * 1024));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
