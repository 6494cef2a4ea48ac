package com.example.booking.api;

import com.example.booking.api.infra.embedded.IndexedMemoryBackend;
import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application runs as its own process and is killed with SIGKILL in the middle of a stream of
 * holds and confirmations, then started again on the same MongoDB-wire server and Redis (which live
 * in this JVM and survive). Every command answered 2xx must be in the event store and the read
 * models; requests in flight at the kill are retried with their Idempotency-Key and must not apply
 * twice; holds made before the kill still expire.
 */
class KillTest {

    private static final Logger log = LoggerFactory.getLogger(KillTest.class);
    static final String TRIP = "kill-trip";
    static final String SECRET = "a-test-secret-that-is-at-least-32-bytes-long";
    static final int CLIENTS = 6;

    @TempDir
    Path logs;

    MongoServer mongo;
    RedisServer redis;
    int redisPort;
    Process app;

    record Sent(String user, String method, String path, String key, Map<String, Object> body) {
    }

    record Hold(String user, List<String> seats, Instant expiresAt) {
    }

    record Booking(String user, String reference, List<String> seats) {
    }

    @AfterEach
    void stopServers() throws Exception {
        if (app != null) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.stop();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    @Test
    void aKilledNodeLosesNoAnsweredCommandAndAppliesNothingTwice() throws Exception {
        mongo = new MongoServer(new IndexedMemoryBackend());
        String mongoUri = mongo.bindAndGetConnectionString();
        redisPort = freePort();
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();

        int port = freePort();
        app = start(mongoUri, port, "first");
        ApiClient api = new ApiClient(port);
        String admin = api.token("admin", "ADMIN");
        assertThat(api.createTrip(admin, TRIP, CLIENTS, 20).status()).isEqualTo(201);
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            tokens.put("killed-" + i, api.token("killed-" + i));
        }

        ConcurrentLinkedQueue<Hold> holds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Hold> confirmedHolds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Booking> bookings = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Sent> inDoubt = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            int row = i + 1;
            String user = "killed-" + i;
            clients.submit(() -> {
                try {
                    stream(api, tokens.get(user), user, row, holds, confirmedHolds, bookings, inDoubt, killed);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> !failures.isEmpty() || holds.size() + bookings.size() >= 40);
        assertThat(failures).as("answers before the kill").isEmpty();
        killed.set(true);
        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).as("answers before the kill").isEmpty();
        log.info("killed after {} holds and {} bookings answered; {} requests in flight", holds.size(), bookings.size(),
                inDoubt.size());

        int port2 = freePort();
        app = start(mongoUri, port2, "second");
        ApiClient again = new ApiClient(port2);
        Instant ready = Instant.now();
        for (Sent sent : inDoubt) {
            ApiClient.Response retry = retry(again, tokens.get(sent.user()), sent);
            log.info("retried {} {} after the kill: {}", sent.method(), sent.path(), retry);
            // a retry lands on what the first run did, or does it now; only a hold that ran out meanwhile may refuse
            if (!"hold_expired".equals(retry.code())) {
                assertThat(retry.status()).as("retry of %s: %s", sent, retry).isEqualTo(201);
            }
            if (retry.status() == 201 && sent.path().equals("/api/bookings")) {
                bookings.add(new Booking(sent.user(), retry.body().get("reference").asText(), seatsOf(retry)));
            }
        }

        List<JsonNode> history = history(again, admin);
        assertThat(history.stream().map(entry -> entry.get("position").asLong()).toList())
                .as("positions without gaps or repeats").isEqualTo(range(history.size()));
        Map<String, Long> confirmations = new HashMap<>();
        history.stream().filter(entry -> entry.get("type").asText().equals("BookingConfirmed"))
                .forEach(entry -> confirmations.merge(text(entry.at("/data/reference")), 1L, Long::sum));
        for (Booking booking : bookings) {
            assertThat(confirmations.get(booking.reference())).as("booking %s is stored once", booking).isEqualTo(1L);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ApiClient.Response read = again.get("/api/bookings/" + booking.reference(), tokens.get(booking.user()));
                assertThat(read.status()).isEqualTo(200);
                assertThat(seatsOf(read)).containsExactlyInAnyOrderElementsOf(booking.seats());
            });
        }
        for (Hold hold : holds) {
            assertThat(history).as("hold %s is stored", hold).anyMatch(entry -> entry.get("type").asText().equals("SeatsHeld")
                    && text(entry.at("/data/userId")).equals(hold.user())
                    && Instant.parse(entry.at("/data/expiresAt").asText()).equals(hold.expiresAt())
                    && texts(entry.at("/data/seats")).containsAll(hold.seats()));
        }

        // every hold not confirmed ends by itself: on time, or right after the restart if it fell due while down
        List<Hold> open = holds.stream().filter(hold -> !confirmedHolds.contains(hold)).toList();
        Instant lastExpiry = open.stream().map(Hold::expiresAt).max(Instant::compareTo).orElse(Instant.now());
        await().atMost(Duration.between(Instant.now(), lastExpiry).plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(openHolds(history(again, admin))).isEmpty());
        List<JsonNode> after = history(again, admin);
        for (JsonNode expiry : after.stream().filter(entry -> entry.get("type").asText().equals("HoldExpired")).toList()) {
            Instant due = Instant.parse(expiry.at("/data/expiresAt").asText());
            Instant at = Instant.parse(expiry.get("timestamp").asText());
            assertThat(at).as("expiry %s", expiry).isAfterOrEqualTo(due)
                    .isBefore((due.isAfter(ready) ? due : ready).plusSeconds(20));
        }
        Map<String, String> folded = fold(after);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> readModel = new LinkedHashMap<>();
            again.get("/api/trips/" + TRIP + "/seats", admin).body().get("seats")
                    .forEach(seat -> readModel.put(seat.get("label").asText(), seat.get("status").asText()));
            assertThat(readModel).as("the seat map equals the event store").isEqualTo(folded);
        });
        log.info("after the restart: {} events, {} bookings, {} expiries", after.size(), bookings.size(),
                after.stream().filter(entry -> entry.get("type").asText().equals("HoldExpired")).count());
    }

    /** One user's stream: hold one or two free seats of its own row for a minute, confirm half of them. */
    private static void stream(ApiClient api, String token, String user, int row, ConcurrentLinkedQueue<Hold> holds,
                               ConcurrentLinkedQueue<Hold> confirmedHolds, ConcurrentLinkedQueue<Booking> bookings,
                               ConcurrentLinkedQueue<Sent> inDoubt, AtomicBoolean killed) {
        String path = "/api/trips/" + TRIP + "/holds";
        for (int column = 0; column + 1 < 20 && !killed.get(); column += 2) {
            List<String> seats = column % 4 == 0 ? List.of(label(row, column)) : List.of(label(row, column), label(row, column + 1));
            Sent hold = new Sent(user, "POST", path, UUID.randomUUID().toString(), Map.of("seats", seats, "holdMinutes", 1));
            ApiClient.Response held = send(api, token, hold, inDoubt);
            if (held == null) {
                return;
            }
            assertThat(held.status()).as("hold %s", held).isEqualTo(201);
            Hold answered = new Hold(user, seats, Instant.parse(held.body().get("expiresAt").asText()));
            holds.add(answered);
            if (column % 3 != 0) {
                Sent confirm = new Sent(user, "POST", "/api/bookings", UUID.randomUUID().toString(),
                        ApiClient.booking(TRIP, seats));
                ApiClient.Response booked = send(api, token, confirm, inDoubt);
                if (booked == null) {
                    return;
                }
                assertThat(booked.status()).as("booking %s", booked).isEqualTo(201);
                bookings.add(new Booking(user, booked.body().get("reference").asText(), seats));
                confirmedHolds.add(answered);
            }
        }
    }

    /** The answer, or null when the connection died: then the request is in doubt. */
    private static ApiClient.Response send(ApiClient api, String token, Sent sent, ConcurrentLinkedQueue<Sent> inDoubt) {
        try {
            return api.raw(sent.method(), sent.path(), token, ApiClient.JSON.writeValueAsString(sent.body()),
                    Map.of("Idempotency-Key", sent.key()));
        } catch (UncheckedIOException | IOException e) {
            inDoubt.add(sent);
            return null;
        }
    }

    /** The same request again, as a client would after a lost answer, until the first run's marker lapses. */
    private static ApiClient.Response retry(ApiClient api, String token, Sent sent) throws IOException {
        String body = ApiClient.JSON.writeValueAsString(sent.body());
        ApiClient.Response[] last = new ApiClient.Response[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = api.raw(sent.method(), sent.path(), token, body, Map.of("Idempotency-Key", sent.key()));
            return !"seat_locked".equals(last[0].code());
        });
        return last[0];
    }

    private Process start(String mongoUri, int port, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                BookingApplication.class.getName(), "--server.port=" + port,
                "--booking.infra.mongodb-uri=" + mongoUri,
                "--booking.infra.redis-url=redis://127.0.0.1:" + redisPort,
                "--booking.jwt.secret=" + SECRET, "--booking.jwt.dev-tokens=true",
                "--booking.idempotency.pending-for=5s",
                "--axoniq.update-checker.disabled=true")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        ApiClient api = new ApiClient(port);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the app exited: " + Files.readString(output));
                        }
                        return api.get("/actuator/health", null).status() == 200;
                    });
        } catch (RuntimeException e) {
            log.error("app {} did not start; its log:\n{}", name, Files.readString(output));
            throw e;
        }
        return process;
    }

    private static List<JsonNode> history(ApiClient api, String admin) {
        List<JsonNode> entries = new ArrayList<>();
        while (true) {
            JsonNode page = api.get("/api/admin/trips/" + TRIP + "/history?from=" + entries.size() + "&limit=1000", admin).body();
            page.forEach(entries::add);
            if (page.size() < 1000) {
                return entries;
            }
        }
    }

    /** Seat statuses from the event store's history, refusing any transition that would apply twice. */
    private static Map<String, String> fold(List<JsonNode> history) {
        Map<String, String> status = new LinkedHashMap<>();
        for (int row = 1; row <= CLIENTS; row++) {
            for (int column = 0; column < 20; column++) {
                status.put(label(row, column), "available");
            }
        }
        Set<String> references = new HashSet<>();
        for (JsonNode entry : history) {
            List<String> seats = texts(entry.at("/data/seats"));
            switch (entry.get("type").asText()) {
                case "SeatsHeld" -> seats.forEach(seat -> move(status, seat, "available", "held"));
                case "SeatsReleased", "HoldExpired" -> seats.forEach(seat -> move(status, seat, "held", "available"));
                case "BookingConfirmed" -> {
                    assertThat(references.add(text(entry.at("/data/reference")))).as("reference used once").isTrue();
                    seats.forEach(seat -> move(status, seat, "held", "booked"));
                }
                case "BookingCancelled" -> seats.forEach(seat -> move(status, seat, "booked", "available"));
                default -> {
                    // the schedule
                }
            }
        }
        return status;
    }

    private static List<String> openHolds(List<JsonNode> history) {
        Map<String, String> status = fold(history);
        return status.entrySet().stream().filter(seat -> seat.getValue().equals("held")).map(Map.Entry::getKey).toList();
    }

    private static void move(Map<String, String> status, String seat, String from, String to) {
        assertThat(status.get(seat)).as("seat %s before it becomes %s", seat, to).isEqualTo(from);
        status.put(seat, to);
    }

    private static String label(int row, int column) {
        return row + String.valueOf((char) ('A' + column));
    }

    private static List<String> seatsOf(ApiClient.Response response) {
        return texts(response.body().get("seats"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A value object's text, whether it is written as a string or as {"value": …}. */
    private static String text(JsonNode node) {
        return node.isObject() ? node.path("value").asText() : node.asText();
    }

    private static List<Long> range(int size) {
        List<Long> positions = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            positions.add(i);
        }
        return positions;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
