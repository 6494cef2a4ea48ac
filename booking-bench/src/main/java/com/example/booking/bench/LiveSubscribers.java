package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 3 of the benchmark issue: many STOMP subscribers on one trip's seats while the load runs. Every
 * subscriber counts what it receives (changes, fresh snapshots, gaps, disconnects); a sample of them also
 * notes when each change arrived. Afterwards the push latency of every sampled delivery is its arrival
 * minus the event's own timestamp, read back from the trip's history in the event store: the time from the
 * change being decided to a subscriber having it, whoever sent the command. With {@code conflate} the
 * subscribers ask for conflated changes; a message covering several positions counts as the arrival of
 * each of them.
 */
final class LiveSubscribers implements AutoCloseable {

    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");
    private static final Pattern FROM_POSITION = Pattern.compile("\"fromPosition\"\\s*:\\s*(\\d+)");
    private static final int MAX_SAMPLED = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchClient http;
    /** The subscribers' own client, closed with them: the users' HTTP calls should not queue behind thousands of sockets. */
    private final StompSockets client;
    private final String trip;
    private final boolean conflate;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<StompSockets.Session> sessions = new ArrayList<>();
    private CountDownLatch snapshots;
    private final AtomicInteger closed = new AtomicInteger();

    LiveSubscribers(BenchClient http, StompSockets client, String trip, boolean conflate) {
        this.http = http;
        this.client = client;
        this.trip = trip;
        this.conflate = conflate;
    }

    /** Opens a session per token and waits until each has its first snapshot; returns the seconds that took. */
    double connect(String[] tokens, Duration timeout) throws Exception {
        int count = tokens.length;
        long start = System.nanoTime();
        snapshots = new CountDownLatch(count);
        int every = Math.max(1, count / MAX_SAMPLED);
        for (int s = 0; s < count; s++) {
            Subscriber subscriber = new Subscriber(s % every == 0);
            subscribers.add(subscriber);
            sessions.add(client.open(http.url, StompSockets.seatMapSubscription(tokens[s], trip, conflate), subscriber)
                    .get(60, TimeUnit.SECONDS));
        }
        if (!snapshots.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("only " + (count - snapshots.getCount()) + " of " + count + " snapshots arrived");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Waits (up to {@code settle}) until every subscriber has reached the trip's last position, then works
     * out the figures: deliveries, and push latency against the events' own timestamps.
     */
    Map<String, Object> figures(String admin, Duration settle) throws Exception {
        Map<Long, Instant> decidedAt = decisionTimes(admin);
        long last = decidedAt.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline && subscribers.stream().anyMatch(s -> s.lastPosition < last && s.open)) {
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)).get();
        }
        long settledAfter = settle.toMillis() - Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        List<Long> latencies = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            synchronized (subscriber) {
                for (int i = 0; i < subscriber.sampled; i++) {
                    for (long position = subscriber.fromPositions[i]; position <= subscriber.positions[i]; position++) {
                        Instant decided = decidedAt.get(position);
                        if (decided != null) {
                            latencies.add(subscriber.arrivedMicros[i] - (decided.getEpochSecond() * 1_000_000 + decided.getNano() / 1000));
                        }
                    }
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(micros -> micros * 1000).sorted().toArray();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("subscribers", subscribers.size());
        figures.put("conflate", conflate);
        figures.put("messagesWithChanges", subscribers.stream().mapToLong(s -> s.messages).sum());
        figures.put("sampledSubscribers", subscribers.stream().filter(s -> s.sampling).count());
        figures.put("changesDelivered", subscribers.stream().mapToLong(s -> s.changes).sum());
        figures.put("subscribersAtLastPosition", subscribers.stream().filter(s -> s.lastPosition >= last).count());
        figures.put("freshSnapshotsAfterTheFirst", subscribers.stream().mapToLong(s -> s.snapshots - 1).sum());
        figures.put("gapsSeen", subscribers.stream().mapToLong(s -> s.gaps).sum());
        figures.put("sessionsClosed", closed.get());
        figures.put("settledAfterMillis", settledAfter);
        figures.put("pushLatencySamples", sorted.length);
        figures.put("pushP50", round(BenchClient.percentile(sorted, 50)));
        figures.put("pushP95", round(BenchClient.percentile(sorted, 95)));
        figures.put("pushP99", round(BenchClient.percentile(sorted, 99)));
        figures.put("pushMax", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        return figures;
    }

    /** Every position of the trip and the moment its event was decided, from the event store. */
    private Map<Long, Instant> decisionTimes(String admin) throws Exception {
        Map<Long, Instant> times = new HashMap<>();
        int page = 500;
        for (long from = 0; ; from += page) {
            JsonNode entries = JSON.readTree(http.send("GET", "/api/admin/trips/" + trip + "/history?from=" + from
                    + "&limit=" + page, admin, null).body());
            for (JsonNode entry : entries) {
                times.put(entry.get("position").asLong(), Instant.parse(entry.get("timestamp").asText()));
            }
            if (entries.size() < page) {
                return times;
            }
        }
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    @Override
    public void close() {
        sessions.forEach(StompSockets.Session::close);
        client.close();
    }

    private final class Subscriber implements StompSockets.Listener {

        final boolean sampling;
        volatile long lastPosition = -1;
        volatile boolean open = true;
        long changes;
        long messages;
        long snapshots;
        long gaps;
        long[] fromPositions;
        long[] positions;
        long[] arrivedMicros;
        int sampled;

        Subscriber(boolean sampling) {
            this.sampling = sampling;
            this.positions = new long[sampling ? 1024 : 0];
            this.fromPositions = new long[positions.length];
            this.arrivedMicros = new long[positions.length];
        }

        @Override
        public void onClosed(String why) {
            open = false;
            closed.incrementAndGet();
        }

        @Override
        public void onFrame(CharSequence text, long receivedNanos) {
            Instant now = Instant.now();
            if (!(text.length() > 7 && "MESSAGE".contentEquals(text.subSequence(0, 7)))) {
                return;
            }
            Matcher matcher = POSITION.matcher(text);
            if (!matcher.find()) {
                return;
            }
            long position = Long.parseLong(matcher.group(1));
            if (text.toString().contains("seats.snapshot")) {
                if (snapshots++ == 0) {
                    LiveSubscribers.this.snapshots.countDown();
                }
                lastPosition = position;
                return;
            }
            Matcher from = FROM_POSITION.matcher(text);
            long first = from.find() ? Long.parseLong(from.group(1)) : position;
            messages++;
            changes += position - first + 1;
            if (lastPosition >= 0 && first != lastPosition + 1) {
                gaps++;
            }
            lastPosition = position;
            if (sampling) {
                synchronized (this) {
                    if (sampled == positions.length) {
                        positions = Arrays.copyOf(positions, sampled * 2);
                        fromPositions = Arrays.copyOf(fromPositions, sampled * 2);
                        arrivedMicros = Arrays.copyOf(arrivedMicros, sampled * 2);
                    }
                    fromPositions[sampled] = first;
                    positions[sampled] = position;
                    arrivedMicros[sampled++] = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
                }
            }
        }
    }
}
