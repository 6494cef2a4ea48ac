package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the service's used heap from its metrics endpoint once a second; keeps the highest reading. */
final class HeapSampler extends Thread {

    private final BenchClient client;
    private final String adminToken;
    private volatile double maxBytes;

    HeapSampler(BenchClient client, String adminToken) {
        super("heap-sampler");
        setDaemon(true);
        this.client = client;
        this.adminToken = adminToken;
    }

    @Override
    public void run() {
        ObjectMapper json = new ObjectMapper();
        while (!isInterrupted()) {
            try {
                JsonNode metric = json.readTree(client.send("GET", "/actuator/metrics/jvm.memory.used?tag=area:heap",
                        adminToken, null).body());
                maxBytes = Math.max(maxBytes, metric.at("/measurements/0/value").asDouble());
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a missed reading leaves the maximum as it is
            }
        }
    }

    long maxMiB() {
        return Math.round(maxBytes / (1024 * 1024));
    }
}
