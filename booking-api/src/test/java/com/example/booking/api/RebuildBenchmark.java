package com.example.booking.api;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures a projection rebuild over a large event store. Not a test (surefire does not run it); run by
 * {@code bench/rebuild.sh}. It starts the application in-process on its embedded defaults (in memory),
 * schedules trips through the API, writes a long history of holds and releases straight into the event
 * store (the aggregate would take hours to produce it one command at a time), waits for the live
 * projections, reads history pages of one trip, then rebuilds every projection through the API and
 * reports the time and the progress seen on the way.
 */
public final class RebuildBenchmark {

    private static final PrintStream REPORT = System.out;

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = InProcessService.options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "100000"));
        int trips = Integer.parseInt(options.getOrDefault("trips", "10"));
        int batch = 1000;
        // axon-mongo tracks the store by timestamp and skips the ids it saw in the last second: events packed
        // closer than a live system would write them make that list, and every tracking query, huge
        long spacing = Long.parseLong(options.getOrDefault("spacing-ms", "10"));
        // service settings pass through, e.g. --booking.event-store.look-back 1s
        ConfigurableApplicationContext app = InProcessService.start(options);
        try {
            ApiClient api = new ApiClient(InProcessService.port(app));
            String admin = api.token("admin", "ADMIN");
            List<String> tripIds = new ArrayList<>();
            for (int i = 0; i < trips; i++) {
                String trip = "history-" + i;
                check(api.createTrip(admin, trip, 20, 50), 201);
                tripIds.add(trip);
            }
            EventStorageEngine storage = app.getBean(EventStorageEngine.class);
            long seedStart = System.nanoTime();
            int perTrip = events / trips;
            List<DomainEventMessage<?>> pending = new ArrayList<>(batch);
            Instant t0 = Instant.now();
            long written = 0;
            for (int i = 1; i <= perTrip; i++) {
                for (String trip : tripIds) {
                    pending.add(holdOrRelease(trip, i, t0.plusMillis(spacing * (pending.size() + (long) written))));
                    if (pending.size() == batch) {
                        storage.appendEvents(pending);
                        written += batch;
                        pending = new ArrayList<>(batch);
                    }
                }
            }
            if (!pending.isEmpty()) {
                storage.appendEvents(pending);
            }
            double seedSeconds = seconds(seedStart);
            REPORT.printf("seeded %,d events (%d trips x %,d) in %.1f s%n", (long) perTrip * trips, trips, perTrip, seedSeconds);

            long liveStart = System.nanoTime();
            ProjectionProgress progress = app.getBean(ProjectionProgress.class);
            for (String trip : tripIds) {
                if (!progress.awaitTrip(trip, perTrip, Duration.ofHours(2))) {
                    throw new IllegalStateException("live projections did not catch up with " + trip);
                }
            }
            double liveSeconds = seconds(liveStart);
            REPORT.printf("live projections caught up in %.1f s (%,.0f events/s per projection)%n", liveSeconds,
                    perTrip * trips / liveSeconds);

            String trip = tripIds.get(0);
            for (long from : List.of(0L, perTrip / 2L, perTrip - 100L)) {
                long start = System.nanoTime();
                JsonNode page = check(api.get("/api/admin/trips/" + trip + "/history?from=" + from + "&limit=100", admin), 200);
                REPORT.printf("trip history page from %,d (%d entries) of a %,d-event trip: %.0f ms%n", from, page.size(),
                        perTrip + 1, seconds(start) * 1000);
            }

            // the first look into the past folds the whole trip and leaves checkpoints; the next starts from one
            for (String look : List.of("first", "second")) {
                long start = System.nanoTime();
                JsonNode map = check(api.get("/api/admin/trips/" + trip + "/seats?asOf="
                        + t0.plusMillis(spacing * perTrip * trips + 1000L), admin), 200);
                REPORT.printf("%s seat map as of the end of a %,d-event trip (position %d): %.0f ms%n", look,
                        perTrip + 1, map.get("position").asLong(), seconds(start) * 1000);
            }

            long rebuildStart = System.nanoTime();
            Map<String, String> rebuilds = new HashMap<>();
            for (String projection : List.of("seat-maps", "holds", "bookings")) {
                rebuilds.put(projection, check(api.post("/api/admin/projections/" + projection + "/rebuild", admin, null), 202)
                        .get("id").asText());
            }
            Map<String, Double> done = new HashMap<>();
            while (done.size() < rebuilds.size()) {
                JsonNode status = check(api.get("/api/admin/projections", admin), 200);
                StringBuilder line = new StringBuilder(String.format("%6.1f s", seconds(rebuildStart)));
                for (JsonNode projection : status) {
                    String name = projection.get("name").asText();
                    line.append(String.format("  %s %s %d%%", name, projection.get("status").asText(),
                            projection.get("progress").asInt()));
                    if (!done.containsKey(name) && rebuilds.get(name).equals(projection.path("lastRebuild").path("id").asText())) {
                        done.put(name, seconds(rebuildStart));
                    }
                }
                REPORT.println(line);
                // a progress line every five seconds, like the service's own log
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
            }
            REPORT.printf("rebuilt %,d events: %s (seconds after the requests, all three at once)%n",
                    (long) perTrip * trips + trips, done);
        } finally {
            app.close();
        }
    }

    private static DomainEventMessage<?> holdOrRelease(String trip, long sequence, Instant at) {
        long pair = (sequence - 1) / 2;
        String seat = (1 + pair % 20) + String.valueOf((char) ('A' + (pair / 20) % 20));
        TripId tripId = new TripId(trip);
        UserId user = new UserId("user-" + sequence % 7);
        Object payload = sequence % 2 == 1
                ? new SeatsHeldEvent(tripId, new HoldId(trip + "-" + sequence), new UserId("user-" + (sequence + 1) % 7),
                List.of(seat), at, at.plus(Duration.ofDays(3650)))
                : new SeatsReleasedEvent(tripId, new UserId("user-" + sequence % 7), List.of(seat), at);
        // stamped with its place in the history: a message's own clock would stamp thousands of seeded events
        // within one millisecond, and axon-mongo's tokens then track every id of the last second of seeding
        return new GenericDomainEventMessage<>("TripSeats", trip, sequence, payload,
                MetaData.with("actor", user.value()).and("channel", "REST"), UUID.randomUUID().toString(), at);
    }

    private static JsonNode check(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.status() + " " + response.body());
        }
        return response.body();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

}
