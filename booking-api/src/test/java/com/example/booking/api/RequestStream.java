package com.example.booking.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that keep holding and confirming seats of their own row of a trip while a test breaks
 * something underneath: it records every answer by status and code, the slowest answer, and every
 * booking that was answered 201, so the test can check none was lost.
 */
final class RequestStream implements AutoCloseable {

    record Booked(String token, String reference, List<String> seats) {
    }

    private static final Logger log = LoggerFactory.getLogger(RequestStream.class);
    private static final Duration SLOW = Duration.ofSeconds(2);

    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicLong slowestMillis = new AtomicLong();
    // which answer took the slowest time, so a failing bound says where to look
    private volatile String slowestAnswer = "none";
    final ConcurrentLinkedQueue<Booked> bookings = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    /** The clients' tokens, row by row. */
    final List<String> tokens;

    /** Creates {@code trip} with four rows of 26 seats and has four users work a row each. */
    static RequestStream onNewTrip(ApiClient api, String trip) {
        int created = api.createTrip(api.token("admin", "ADMIN"), trip, 4, 26).status();
        if (created != 201) {
            throw new IllegalStateException("trip " + trip + " not created: " + created);
        }
        List<String> tokens = List.of(api.token("alice"), api.token("bob"), api.token("carol"), api.token("dave"));
        return new RequestStream(api, trip, tokens, 26);
    }

    /** {@code tokens.get(i)} works row {@code i + 1} of {@code trip}, whose rows have {@code columns} seats. */
    RequestStream(ApiClient api, String trip, List<String> tokens, int columns) {
        this.tokens = List.copyOf(tokens);
        clients = Executors.newFixedThreadPool(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            int row = i + 1;
            String token = tokens.get(i);
            clients.submit(() -> run(api, trip, token, row, columns));
        }
    }

    private void run(ApiClient api, String trip, String token, int row, int columns) {
        int column = 0;
        while (running.get() && column < columns) {
            List<String> seats = List.of(row + String.valueOf((char) ('A' + column)));
            ApiClient.Response held = timed("hold", () -> api.post("/api/trips/" + trip + "/holds", token, Map.of("seats", seats)));
            if (held == null || held.status() != 201) {
                pause();
                continue;
            }
            ApiClient.Response booked = timed("confirm", () -> api.post("/api/bookings", token, ApiClient.booking(trip, seats)));
            if (booked != null && booked.status() == 201) {
                bookings.add(new Booked(token, booked.body().get("reference").asText(), seats));
                column++;
            } else {
                pause();
            }
        }
    }

    private ApiClient.Response timed(String operation, java.util.function.Supplier<ApiClient.Response> request) {
        long start = System.nanoTime();
        ApiClient.Response response;
        try {
            response = request.get();
        } catch (RuntimeException e) {
            unexpected.add(e.toString());
            return null;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis >= SLOW.toMillis()) {
            // with the service's own log lines around these two moments, a slow answer can be traced
            Instant end = Instant.now();
            log.warn("slow answer: {} {} {} took {} ms, from {} to {}", operation, response.status(), response.code(),
                    millis, end.minusMillis(millis), end);
        }
        if (slowestMillis.accumulateAndGet(millis, Math::max) == millis) {
            slowestAnswer = operation + " " + response.status() + " " + response.code();
        }
        answers.computeIfAbsent(response.status() + " " + response.code(), key -> new AtomicLong()).incrementAndGet();
        if (response.status() >= 500 && response.status() != 503) {
            unexpected.add(response.toString());
        }
        return response;
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The seats of every booking answered 201, sorted. */
    List<String> bookedSeats() {
        return bookings.stream().flatMap(booking -> booking.seats().stream()).sorted().toList();
    }

    long count(String statusAndCode) {
        AtomicLong count = answers.get(statusAndCode);
        return count == null ? 0 : count.get();
    }

    Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    /** The slowest answer's operation, status and code. */
    String slowestAnswer() {
        return slowestAnswer;
    }

    Duration slowest() {
        return Duration.ofMillis(slowestMillis.get());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not stop");
        }
    }
}
