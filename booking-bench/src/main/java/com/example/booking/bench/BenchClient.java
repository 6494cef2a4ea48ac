package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every benchmark needs of the service: HTTP calls, development tokens, and printing its figures. */
final class BenchClient {

    /** A benchmark's output is its report: the "report" logger, which simplelogger.properties sends to standard output. */
    static final Report REPORT = new Report();

    /** Like a user with that many tabs open; the service admits 10 sessions per user and node by default. */
    static final int SESSIONS_PER_VIEWER = 10;
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String url;

    BenchClient(String url) {
        this.url = url;
    }

    String token(String user, String role) throws Exception {
        HttpResponse<String> response = send("POST", "/api/dev/tokens", null,
                "{\"userId\":\"" + user + "\",\"roles\":[\"" + role + "\"]}");
        Matcher matcher = TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return matcher.group(1);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One statistic ({@code VALUE}, {@code COUNT}, {@code TOTAL_TIME}, …) of one of the service's metrics, all tags together. */
    double metric(String adminToken, String name, String statistic) throws Exception {
        Double value = statistics(adminToken, name).get(statistic);
        if (value == null) {
            throw new IllegalStateException("no " + statistic + " of " + name);
        }
        return value;
    }

    /** Every statistic of one of the service's metrics, all tags together, in one request. */
    Map<String, Double> statistics(String adminToken, String name) throws Exception {
        Map<String, Double> statistics = new HashMap<>();
        JsonNode metric = JSON.readTree(send("GET", "/actuator/metrics/" + name, adminToken, null).body());
        for (JsonNode measurement : metric.path("measurements")) {
            statistics.put(measurement.path("statistic").asText(), measurement.path("value").asDouble());
        }
        return statistics;
    }

    /** Only the status: a large seat map is a megabyte, and a thousand users keeping theirs would fill this tool's heap. */
    int status(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A trip of rows × columns seats at 10 EUR, created by an admin; its id. */
    String createTrip(String adminToken, String tripId, String name, int rows, int columns) throws Exception {
        HttpResponse<String> created = send("POST", "/api/trips", adminToken, """
                {"tripId":"%s","name":"%s","departsAt":"2026-12-24T08:00:00Z",
                 "categories":[{"id":"std","name":"Standard","price":10.00,"currency":"EUR"}],
                 "layout":{"rows":%d,"columns":%d,"category":"std"}}""".formatted(tripId, name, rows, columns));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot create trip: " + created.statusCode() + " " + created.body());
        }
        return tripId;
    }

    /** The percentile of sorted nanosecond figures, in milliseconds. */
    /**
     * Clients for thousands of WebSocket subscribers: one JDK client reads all its sockets on one selector
     * thread, which at 5,000 subscribers read slower than the service wrote and so measured itself.
     */
    /**
     * Tokens for {@code sessions} live subscribers: viewers {@code prefix-0}, {@code prefix-1}… with
     * {@link #SESSIONS_PER_VIEWER} sessions each, inside the service's default limit per user and node.
     * {@code tokens[s]} is subscriber s's.
     */
    String[] viewerTokens(String prefix, int sessions) throws Exception {
        String[] tokens = new String[sessions];
        for (int s = 0; s < sessions; s++) {
            tokens[s] = s % SESSIONS_PER_VIEWER == 0 ? token(prefix + "-" + s / SESSIONS_PER_VIEWER, "USER") : tokens[s - 1];
        }
        return tokens;
    }

    /** A single daemon thread for a tool's periodic work, so that it never keeps the tool's JVM alive. */
    static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    static HttpClient[] subscriberClients() {
        HttpClient[] clients = new HttpClient[Math.max(1, Runtime.getRuntime().availableProcessors() * 2)];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newHttpClient();
        }
        return clients;
    }

    static double percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    /** Column 1 is A, 26 is Z, 27 is AA, as in the service's seat labels. */
    static String columnLetters(int column) {
        StringBuilder letters = new StringBuilder();
        for (int n = column; n > 0; n = (n - 1) / 26) {
            letters.append((char) ('A' + (n - 1) % 26));
        }
        return letters.reverse().toString();
    }

    static String jsonList(java.util.List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
