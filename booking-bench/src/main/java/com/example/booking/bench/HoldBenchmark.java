package com.example.booking.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    private HoldBenchmark(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.getOrDefault("url", "http://localhost:8080");
        int clients = Integer.parseInt(options.getOrDefault("clients", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int rows = Integer.parseInt(options.getOrDefault("rows", "100"));
        int columns = Integer.parseInt(options.getOrDefault("columns", "100"));
        new HoldBenchmark(url).run(clients, seconds, warmup, rows, columns);
    }

    private void run(int clients, int seconds, int warmup, int rows, int columns) throws Exception {
        String admin = token("bench-admin", "ADMIN");
        String trip = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("POST", "/api/trips", admin, """
                {"tripId":"%s","name":"Benchmark","departsAt":"2026-12-24T08:00:00Z",
                 "categories":[{"id":"std","name":"Standard","price":10.00,"currency":"EUR"}],
                 "layout":{"rows":%d,"columns":%d,"category":"std"}}""".formatted(trip, rows, columns));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot create trip: " + created.statusCode() + " " + created.body());
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tokens.add(token("bench-user-" + i, "USER"));
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
            int client = c;
            new Thread(() -> {
                try {
                    while (System.nanoTime() < measureUntil) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        String seat = (1 + random.nextInt(rows)) + columnLetters(1 + random.nextInt(columns));
                        long start = System.nanoTime();
                        HttpResponse<String> response = send("POST", "/api/trips/" + trip + "/holds", tokens.get(client),
                                "{\"seats\":[\"" + seat + "\"],\"holdMinutes\":30}");
                        long end = System.nanoTime();
                        long elapsed = end - start;
                        if (start >= measureFrom && end <= measureUntil && counts[client] < mine.length) {
                            mine[counts[client]++] = elapsed;
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
        System.out.printf("warming up %d s, then measuring %d s, with %d clients on trip %s (%d seats)%n",
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
        System.out.printf("%nclients %d, measured %.1f s%n", clients, elapsed);
        System.out.printf("hold requests answered: %d (%.0f/s); seats held: %d (%.0f holds/s)%n",
                total, total / elapsed, held, held / elapsed);
        System.out.printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                pct(all, 50), pct(all, 90), pct(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.println("outcomes: " + new HashMap<>(outcomes));
    }

    private static double pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    private String token(String user, String role) throws Exception {
        HttpResponse<String> response = send("POST", "/api/dev/tokens", null,
                "{\"userId\":\"" + user + "\",\"roles\":[\"" + role + "\"]}");
        Matcher matcher = TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return matcher.group(1);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
