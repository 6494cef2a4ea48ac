package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    /** More than the users of any scenario: a user waits for a connection only if the service is slow to answer. */
    private static final int MAX_CONNECTIONS = 10_000;

    /** The JDK's client, the tool's until session 27; {@code --http jdk} picks it again, to compare. */
    private final HttpClient jdk;
    /**
     * Apache HttpClient's classic client: the calling thread writes the request and reads the answer on a
     * pooled keep-alive connection. The JDK's client hands every answer from its selector thread to a worker
     * and on to the waiting user thread; at 1,000 users that cost the tool 0.43 cores of the two it shares
     * with the service (session 27), CPU the figures then missed on the service's side.
     */
    private final CloseableHttpClient apache;
    final String url;

    BenchClient(String url) {
        this(url, "apache");
    }

    /** @param http {@code apache} (default) or {@code jdk}: the client the calls go through */
    BenchClient(String url, String http) {
        this.url = url;
        switch (http) {
            case "apache" -> {
                jdk = null;
                apache = HttpClients.custom()
                        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS)
                                .setDefaultConnectionConfig(ConnectionConfig.custom()
                                        .setConnectTimeout(Timeout.ofSeconds(10)).setSocketTimeout(Timeout.ofSeconds(60)).build())
                                .build())
                        // a retried command would be counted once but sent twice; redirects and cookies: none here
                        .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
                        .build();
            }
            case "jdk" -> {
                jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                apache = null;
            }
            default -> throw new IllegalArgumentException("unknown --http " + http + " (apache, jdk)");
        }
    }

    /** What a call got back. */
    record Answer(int statusCode, String body) {
    }

    String token(String user, String role) throws Exception {
        Answer response = send("POST", "/api/dev/tokens", null,
                "{\"userId\":\"" + user + "\",\"roles\":[\"" + role + "\"]}");
        Matcher matcher = TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return matcher.group(1);
    }

    Answer send(String method, String path, String token, String body) throws Exception {
        return exchange(method, path, "Authorization", bearer(token), body, true);
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    /** A call with a JSON body (or none) and at most one header besides its content type (none if {@code value} is null). */
    Answer call(String method, String path, String header, String value, String body) throws Exception {
        return exchange(method, path, header, value, body, true);
    }

    /**
     * One request through the chosen client; the answer's body is read only if {@code keepBody}, and
     * otherwise discarded as it arrives.
     */
    private Answer exchange(String method, String path, String header, String value, String body, boolean keepBody)
            throws Exception {
        if (apache != null) {
            ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(url + path);
            if (body != null) {
                request.setEntity(body, ContentType.APPLICATION_JSON);
            }
            if (value != null) {
                request.setHeader(header, value);
            }
            return apache.execute(request.build(), response -> {
                if (!keepBody || response.getEntity() == null) {
                    EntityUtils.consume(response.getEntity());
                    return new Answer(response.getCode(), "");
                }
                return new Answer(response.getCode(), EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
            });
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (value != null) {
            request.header(header, value);
        }
        if (!keepBody) {
            return new Answer(jdk.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode(), "");
        }
        HttpResponse<String> response = jdk.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
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
        return exchange("GET", path, "Authorization", bearer(token), null, false).statusCode();
    }

    /** A trip of rows × columns seats at 10 EUR, created by an admin; its id. */
    String createTrip(String adminToken, String tripId, String name, int rows, int columns) throws Exception {
        Answer created = send("POST", "/api/trips", adminToken, """
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
