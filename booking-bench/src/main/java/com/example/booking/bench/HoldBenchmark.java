package com.example.booking.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hold throughput and latency of one hot trip: {@code clients} concurrent users, each holding one random
 * seat at a time, closed loop (a client sends its next request when the previous one is answered).
 * Every request is timed from send to answer; conflicts ({@code seat_held}) count as answered holds.
 * <p>
 * Arguments (all optional): {@code --url http://localhost:8080 --clients 50 --seconds 30 --warmup 10
 * --rows 100 --columns 100}.
 */
public final class HoldBenchmark {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    private final BenchClient client;

    private HoldBenchmark(String url) {
        this.client = new BenchClient(url);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchClient.options(args);
        String url = options.getOrDefault("url", "http://localhost:8080");
        int clients = Integer.parseInt(options.getOrDefault("clients", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int rows = Integer.parseInt(options.getOrDefault("rows", "100"));
        int columns = Integer.parseInt(options.getOrDefault("columns", "100"));
        new HoldBenchmark(url).run(clients, seconds, warmup, rows, columns);
    }

    private void run(int clients, int seconds, int warmup, int rows, int columns) throws Exception {
        String admin = client.token("bench-admin", "ADMIN");
        String trip = client.createTrip(admin, "bench-" + UUID.randomUUID().toString().substring(0, 8), "Benchmark",
                rows, columns);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tokens.add(client.token("bench-user-" + i, "USER"));
        }

        // every client times itself against the same windows: warm-up, then the measured interval
        long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long measureUntil = measureFrom + seconds * 1_000_000_000L;
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int index = c;
            new Thread(() -> {
                try {
                    while (System.nanoTime() < measureUntil) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        String seat = (1 + random.nextInt(rows)) + columnLetters(1 + random.nextInt(columns));
                        long start = System.nanoTime();
                        BenchClient.Answer response = client.send("POST", "/api/trips/" + trip + "/holds", tokens.get(index),
                                "{\"seats\":[\"" + seat + "\"],\"holdMinutes\":30}");
                        long end = System.nanoTime();
                        long elapsed = end - start;
                        if (start >= measureFrom && end <= measureUntil && counts[index] < mine.length) {
                            mine[counts[index]++] = elapsed;
                            String outcome = response.statusCode() + (response.statusCode() == 201 ? "" : " " + code(response.body()));
                            outcomes.merge(outcome, 1, Integer::sum);
                        }
                    }
                } catch (Exception e) {
                    outcomes.merge("client error " + e.getClass().getSimpleName(), 1, Integer::sum);
                } finally {
                    done.countDown();
                }
            }, "client-" + c).start();
        }
        BenchClient.REPORT.printf("warming up %d s, then measuring %d s, with %d clients on trip %s (%d seats)%n",
                warmup, seconds, clients, trip, rows * columns);
        done.await();
        double elapsed = seconds;

        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        int held = outcomes.getOrDefault("201", 0);
        BenchClient.REPORT.printf("%nclients %d, measured %.1f s%n", clients, elapsed);
        BenchClient.REPORT.printf("hold requests answered: %d (%.0f/s); seats held: %d (%.0f holds/s)%n",
                total, total / elapsed, held, held / elapsed);
        BenchClient.REPORT.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                BenchClient.percentile(all, 50), BenchClient.percentile(all, 90), BenchClient.percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        BenchClient.REPORT.println("outcomes: " + new HashMap<>(outcomes));
    }

    private static String code(String body) {
        Matcher matcher = CODE.matcher(body == null ? "" : body);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String columnLetters(int column) {
        StringBuilder letters = new StringBuilder();
        for (int n = column; n > 0; n = (n - 1) / 26) {
            letters.append((char) ('A' + (n - 1) % 26));
        }
        return letters.reverse().toString();
    }

}
