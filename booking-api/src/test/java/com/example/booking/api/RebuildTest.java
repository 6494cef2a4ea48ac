package com.example.booking.api;

import com.example.booking.command.lock.TripCommandGateway;
import com.example.booking.query.config.ReadModelConfiguration;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.ReadModelSlots;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.CancelBookingCommand;
import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import com.example.booking.shared.seat.BlockSeatsCommand;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding read models from the event store while the service serves: same result, no partial reads. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RebuildTest {

    private static final String BOOKING_ALPHABET = BookingReference.ALPHABET;
    private static final int ROWS = 10;
    private static final int COLUMNS = 10;

    @LocalServerPort
    int port;

    @Autowired
    TripCommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    ProjectionProgress progress;

    @Autowired
    ReadModelSlots slots;

    @Autowired
    MongoTemplate mongo;

    ApiClient api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        admin = api.token("admin", "ADMIN");
    }

    @Test
    void aRebuiltReadModelEqualsTheOneItReplacesDocumentByDocument() throws Exception {
        List<String> trips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String trip = "rebuild-" + UUID.randomUUID();
            assertThat(api.createTrip(admin, trip, ROWS, COLUMNS).status()).isEqualTo(201);
            trips.add(trip);
        }
        Map<String, Integer> outcomes = randomOperations(trips, 1500);
        assertThat(outcomes.get("ok")).as("outcomes %s", outcomes).isGreaterThanOrEqualTo(1500);
        for (String trip : trips) {
            long head = eventStore.lastSequenceNumberFor(trip).orElseThrow();
            assertThat(progress.awaitTrip(trip, head, Duration.ofSeconds(60))).isTrue();
        }
        Map<String, Map<String, List<Document>>> before = new HashMap<>();
        Map<String, String> slotBefore = new HashMap<>();
        for (String group : ReadModelConfiguration.GROUPS) {
            slotBefore.put(group, slots.active(group));
            before.put(group, contents(slots.live(group)));
        }

        Map<String, String> rebuildIds = new HashMap<>();
        for (String group : ReadModelConfiguration.GROUPS) {
            ApiClient.Response accepted = api.post("/api/admin/projections/" + group + "/rebuild", admin, null);
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            rebuildIds.put(group, accepted.body().get("id").asText());
        }
        ApiClient.Response again = api.post("/api/admin/projections/seat-maps/rebuild", admin, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("rebuild_running");
        assertThat(api.post("/api/admin/projections/nope/rebuild", admin, null).code()).isEqualTo("projection_not_found");
        assertThat(api.post("/api/admin/projections/holds/rebuild", api.token("alice", "USER"), null).status())
                .isEqualTo(403);

        awaitRebuilt(rebuildIds);
        // a replay token never ends with axon-mongo's timestamp tokens and grows with every event it passes
        assertThat(mongo.findAll(Document.class, "trackingtokens")).as("tracking tokens").isNotEmpty()
                .allSatisfy(token -> assertThat(String.valueOf(token.get("tokenType"))).doesNotContain("ReplayToken"));
        for (String group : ReadModelConfiguration.GROUPS) {
            assertThat(slots.active(group)).as(group).isNotEqualTo(slotBefore.get(group));
            Map<String, List<Document>> after = contents(slots.live(group));
            assertThat(after.keySet()).as(group).isEqualTo(before.get(group).keySet());
            for (String collection : after.keySet()) {
                List<Document> expected = before.get(group).get(collection);
                List<Document> actual = after.get(collection);
                assertThat(actual).as("%s.%s", group, collection).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(actual.get(i)).as("%s.%s %s", group, collection, expected.get(i).get("_id"))
                            .isEqualTo(expected.get(i));
                }
            }
        }

        JsonNode history = api.get("/api/admin/projections/seat-maps/history", admin).body();
        List<String> types = new ArrayList<>();
        history.forEach(entry -> types.add(entry.get("type").asText() + " by " + entry.get("actor").asText()));
        assertThat(types).containsSubsequence("ProjectionRebuildRequested by admin", "ProjectionRebuildCompleted by system");
        assertThat(history.get(history.size() - 1).get("data").get("rebuildId").asText())
                .isEqualTo(rebuildIds.get("seat-maps"));
        assertThat(api.get("/api/admin/projections/seat-maps/history", api.token("alice", "USER")).status()).isEqualTo(403);
    }

    @Test
    void readsAndLivePushesGoOnWhileAProjectionIsRebuiltUnderLoad() throws Exception {
        String trip = "rebuild-load-" + UUID.randomUUID();
        int seats = 10 * 20;
        assertThat(api.createTrip(admin, trip, 10, 20).status()).isEqualTo(201);
        String alice = api.token("alice", "USER");
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger holds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (StompTestClient live = StompTestClient.connect(port, alice)) {
            var pushes = live.subscribe("/topic/trips/" + trip + "/seats");
            assertThat(pushes.poll(10, TimeUnit.SECONDS).get("type").asText()).isEqualTo("seats.snapshot");
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < 2; client++) {
                int row = client;
                work.add(pool.submit(() -> {
                    String token = null;
                    for (int column = 0, round = 0; running.get(); column = (column + 1) % 20, round++) {
                        // a fresh user every 100 rounds (200 commands): answered without waiting for the read
                        // models, one user soon passes the 300 commands a minute the rate limit allows
                        if (round % 100 == 0) {
                            token = api.token("loader-" + row + "-" + round, "USER");
                        }
                        String seat = (row + 1) + String.valueOf((char) ('A' + column));
                        ApiClient.Response held = api.post("/api/trips/" + trip + "/holds", token, Map.of("seats", List.of(seat)));
                        ApiClient.Response released = api.delete("/api/trips/" + trip + "/holds", token, Map.of("seats", List.of(seat)));
                        if (held.status() != 201 || released.status() != 200) {
                            problems.add("hold " + held.status() + " release " + released.status());
                        }
                        holds.incrementAndGet();
                    }
                }));
            }
            for (int reader = 0; reader < 2; reader++) {
                work.add(pool.submit(() -> {
                    long lastPosition = -1;
                    while (running.get()) {
                        ApiClient.Response map = api.get("/api/trips/" + trip + "/seats", alice);
                        ApiClient.Response summary = api.get("/api/trips/" + trip, alice);
                        reads.incrementAndGet();
                        if (map.status() != 200 || map.body().get("seats").size() != seats) {
                            problems.add("partial seat map: " + map.status() + " " + map.body());
                            continue;
                        }
                        JsonNode trip1 = summary.body();
                        long counted = trip1.get("available").asLong() + trip1.get("held").asLong()
                                + trip1.get("booked").asLong() + trip1.get("blocked").asLong();
                        if (summary.status() != 200 || counted != seats) {
                            problems.add("summary does not add up: " + trip1);
                        }
                        long position = map.body().get("position").asLong();
                        if (position < lastPosition) {
                            problems.add("seat map went back from " + lastPosition + " to " + position);
                        }
                        lastPosition = position;
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.get() > 20);
            Map<String, String> rebuildIds = new HashMap<>();
            for (String group : ReadModelConfiguration.GROUPS) {
                ApiClient.Response accepted = api.post("/api/admin/projections/" + group + "/rebuild", admin, null);
                assertThat(accepted.status()).isEqualTo(202);
                rebuildIds.put(group, accepted.body().get("id").asText());
            }
            JsonNode during = api.get("/api/admin/projections", admin).body();
            assertThat(during.findValuesAsText("status")).contains("rebuilding");
            awaitRebuilt(rebuildIds);
            int holdsAtSwitch = holds.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.get() > holdsAtSwitch + 20);
            running.set(false);
            for (Future<?> future : work) {
                future.get(1, TimeUnit.MINUTES);
            }
            assertThat(problems).isEmpty();
            assertThat(reads.get()).isPositive();

            // pushes go on from the new slot: every change arrives, in order, none twice
            long head = eventStore.lastSequenceNumberFor(trip).orElseThrow();
            List<JsonNode> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                pushes.drainTo(received);
                return !received.isEmpty() && received.get(received.size() - 1).get("position").asLong() == head;
            });
            long previous = -1;
            for (JsonNode message : received) {
                long position = message.get("position").asLong();
                assertThat(position).as("positions increase").isGreaterThan(previous);
                if (message.get("type").asText().equals("seats.changed") && previous >= 0) {
                    assertThat(position).as("no change missed without a fresh snapshot").isEqualTo(previous + 1);
                }
                previous = position;
            }
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    private void awaitRebuilt(Map<String, String> rebuildIds) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode status = api.get("/api/admin/projections", admin).body();
            for (JsonNode projection : status) {
                String group = projection.get("name").asText();
                assertThat(projection.get("status").asText()).as(group).isEqualTo("running");
                assertThat(projection.path("lastRebuild").path("id").asText()).as(group).isEqualTo(rebuildIds.get(group));
            }
        });
    }

    /** Every document of every collection of one slot, by collection, sorted by id. */
    private static Map<String, List<Document>> contents(MongoTemplate slot) {
        Map<String, List<Document>> contents = new TreeMap<>();
        for (String collection : slot.getCollectionNames()) {
            contents.put(collection, slot.find(new Query().with(Sort.by("_id")), Document.class, collection));
        }
        return contents;
    }

    /**
     * Random commands of every kind straight to the aggregate, from several threads, until {@code count}
     * of them succeeded (made an event); returns the outcomes by kind.
     */
    private Map<String, Integer> randomOperations(List<String> trips, int count) throws Exception {
        List<String> labels = new ArrayList<>();
        for (int row = 1; row <= ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                labels.add(row + String.valueOf((char) ('A' + column)));
            }
        }
        Map<String, Set<String>> held = new ConcurrentHashMap<>();
        Map<String, List<String>> booked = new ConcurrentHashMap<>();
        AtomicInteger succeeded = new AtomicInteger();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            work.add(pool.submit(() -> {
              for (int attempt = 0; succeeded.get() < count && attempt < count * 2; attempt++) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                String trip = trips.get(random.nextInt(trips.size()));
                String user = "user-" + random.nextInt(8);
                String key = trip + "/" + user;
                Set<String> mine = held.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
                List<String> bookings = booked.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()));
                TripId tripId = new TripId(trip);
                UserId actor = new UserId(user);
                int choice = random.nextInt(20);
                // other workers change the same user's holds and bookings meanwhile: decide on one copy of them
                List<String> mineNow = List.copyOf(mine);
                String cancelling = null;
                synchronized (bookings) {
                    if (choice >= 12 && choice < 16 && !bookings.isEmpty()) {
                        cancelling = bookings.remove(0);
                    }
                }
                try {
                    if (cancelling != null) {
                        send(new CancelBookingCommand(tripId, new BookingReference(cancelling), actor, false));
                    } else if (choice < 7 || mineNow.isEmpty()) {
                        List<String> seats = new ArrayList<>(labels);
                        Collections.shuffle(seats, random);
                        seats = seats.subList(0, 1 + random.nextInt(3));
                        send(new HoldSeatsCommand(tripId, new HoldId(UUID.randomUUID().toString()), actor, seats, null,
                                Duration.ofMinutes(10)));
                        mine.addAll(seats);
                    } else if (choice < 10) {
                        List<String> seats = List.of(mineNow.get(0));
                        send(new ReleaseSeatsCommand(tripId, actor, seats));
                        mine.removeAll(seats);
                    } else if (choice < 18) {
                        List<String> seats = mineNow;
                        String reference = reference(random);
                        send(new ConfirmBookingCommand(tripId, new BookingReference(reference), actor, seats,
                                seats.stream().map(seat -> new Passenger("Pax", seat, "passport", "P" + seat)).toList(),
                                new Payment("psp-" + reference, "card"), new Contact("Pax", "pax@example.com", null)));
                        mine.removeAll(seats);
                        bookings.add(reference);
                    } else {
                        String seat = labels.get(random.nextInt(labels.size()));
                        UserId admin = new UserId("admin");
                        send(random.nextBoolean() ? new BlockSeatsCommand(tripId, admin, List.of(seat), "broken")
                                : new UnblockSeatsCommand(tripId, admin, List.of(seat), "repaired"));
                    }
                    succeeded.incrementAndGet();
                    outcomes.merge("ok", 1, Integer::sum);
                } catch (RuntimeException rejected) {
                    // conflicts are part of the mix: someone else holds the seat, it is blocked, ...
                    outcomes.merge(rejected instanceof com.example.booking.shared.error.BookingRejectedException known
                            ? known.code().code() : rejected.toString(), 1, Integer::sum);
                    mine.clear();
                }
              }
            }));
        }
        for (Future<?> future : work) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return outcomes;
    }

    private void send(TripCommand command) {
        commands.send(command);
    }

    private static String reference(ThreadLocalRandom random) {
        StringBuilder reference = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            reference.append(BOOKING_ALPHABET.charAt(random.nextInt(BOOKING_ALPHABET.length())));
        }
        return reference.toString();
    }
}
