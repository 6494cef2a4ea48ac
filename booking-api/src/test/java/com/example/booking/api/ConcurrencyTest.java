package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many people at once on one trip, over HTTP: nobody ever gets a seat someone else has. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConcurrencyTest {

    private static final Set<String> EXPECTED_CONFLICTS = Set.of("seat_held", "seat_booked", "not_holder",
            "hold_expired", "booking_not_found");

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    MongoTemplate mongo;

    ApiClient api;
    String admin;
    String trip;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        admin = api.token("admin", "ADMIN");
        trip = "race-" + UUID.randomUUID();
        assertThat(api.createTrip(admin, trip, 4, 5).status()).isEqualTo(201);
    }

    @Test
    void ofHundredPeopleRacingForOneSeatExactlyOneGetsIt() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tokens.add(api.token("racer-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        for (String token : tokens) {
            answers.add(pool.submit(() -> {
                start.await();
                return api.post("/api/trips/" + trip + "/holds", token, Map.of("seats", List.of("1A")));
            }));
        }
        start.countDown();
        Map<String, Integer> outcomes = new HashMap<>();
        for (Future<ApiClient.Response> answer : answers) {
            ApiClient.Response response = answer.get(120, TimeUnit.SECONDS);
            outcomes.merge(response.status() + " " + (response.status() == 201 ? "" : response.code()), 1, Integer::sum);
        }
        pool.shutdown();

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("201 ", 1, "409 seat_held", 99));
        EventStoreFold fold = EventStoreFold.of(eventStore, trip);
        assertThat(fold.violations).isEmpty();
        assertThat(fold.count("held")).isEqualTo(1);
    }

    @Test
    void twoThousandRandomOperationsNeverBookASeatTwiceAndTheReadModelAgreesWithTheEvents() throws Exception {
        int users = 12;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            tokens.add(api.token("user-" + i));
        }
        List<String> seats = api.get("/api/trips/" + trip + "/seats", null).body().findValuesAsText("label");
        assertThat(seats).hasSize(20);
        Map<Integer, Set<String>> heldBy = new ConcurrentHashMap<>();
        Map<Integer, List<String>> bookingsOf = new ConcurrentHashMap<>();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> work = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            work.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int user = random.nextInt(users);
                String token = tokens.get(user);
                Set<String> mine = heldBy.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet());
                ApiClient.Response response;
                String operation;
                int choice = random.nextInt(10);
                List<String> mineBooked = bookingsOf.computeIfAbsent(user, u -> new ArrayList<>());
                String cancelling = null;
                if (choice >= 8) {
                    synchronized (mineBooked) {
                        if (!mineBooked.isEmpty()) {
                            cancelling = mineBooked.remove(random.nextInt(mineBooked.size()));
                        }
                    }
                }
                // the same user's other threads change their holds meanwhile: decide on one copy of them
                List<String> mineNow = List.copyOf(mine);
                if (cancelling != null) {
                    operation = "cancel";
                    response = api.post("/api/bookings/" + cancelling + "/cancel", token, null);
                } else if (choice >= 6 && !mineNow.isEmpty()) {
                    operation = "confirm";
                    response = api.post("/api/bookings", token, ApiClient.booking(trip, mineNow));
                    if (response.status() == 201) {
                        mine.removeAll(mineNow);
                        synchronized (mineBooked) {
                            mineBooked.add(response.body().get("reference").asText());
                        }
                    }
                } else if (choice >= 4 && !mineNow.isEmpty()) {
                    operation = "release";
                    List<String> some = mineNow.subList(0, 1);
                    response = api.delete("/api/trips/" + trip + "/holds", token, Map.of("seats", some));
                    if (response.status() == 200) {
                        mine.removeAll(some);
                    }
                } else {
                    operation = "hold";
                    List<String> wanted = randomSeats(seats, 1 + random.nextInt(3));
                    response = api.post("/api/trips/" + trip + "/holds", token, Map.of("seats", wanted));
                    if (response.status() == 201) {
                        mine.addAll(wanted);
                    }
                }
                String outcome = operation + " " + response.status() + (response.status() >= 400 ? " " + response.code() : "");
                outcomes.merge(outcome, 1, Integer::sum);
                if (response.status() >= 500 || (response.status() >= 400 && !EXPECTED_CONFLICTS.contains(response.code()))) {
                    unexpected.add(outcome + " " + response.body());
                }
            }));
        }
        for (Future<?> future : work) {
            future.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(unexpected).as("outcomes %s", outcomes).isEmpty();
        EventStoreFold fold = EventStoreFold.of(eventStore, trip);
        assertThat(fold.violations).isEmpty();
        // a seat may be booked again after a cancellation, but never by two live bookings: the fold checks the
        // transitions; here the read model must say exactly what the events say, once it has caught up (an
        // anonymous reader has no writes of its own to wait for)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/trips/" + trip + "/seats", null).body().get("position").asLong()).isEqualTo(fold.position));
        JsonNode map = api.get("/api/trips/" + trip + "/seats", null).body();
        Map<String, String> readModel = new HashMap<>();
        map.get("seats").forEach(seat -> readModel.put(seat.get("label").asText(), seat.get("status").asText()));
        assertThat(readModel).isEqualTo(fold.status);
        JsonNode summary = api.get("/api/trips/" + trip, null).body();
        assertThat(summary.get("held").asLong()).isEqualTo(fold.count("held"));
        assertThat(summary.get("booked").asLong()).isEqualTo(fold.count("booked"));
        assertThat(summary.get("available").asLong()).isEqualTo(fold.count("available"));
        assertThat(outcomes.keySet()).anyMatch(outcome -> outcome.startsWith("confirm 201"));
        // a history this long is snapshotted (every 200 events by default), off the request threads
        assertThat(fold.position).as("outcomes %s", outcomes).isGreaterThan(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(mongo.getCollection("snapshotevents")
                .countDocuments(new Document("aggregateIdentifier", trip))).isPositive());
    }

    private static List<String> randomSeats(List<String> seats, int count) {
        List<String> shuffled = new ArrayList<>(seats);
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        return shuffled.subList(0, count);
    }
}
