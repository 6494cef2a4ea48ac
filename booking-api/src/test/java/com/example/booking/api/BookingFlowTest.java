package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** End to end over HTTP, on the embedded MongoDB-wire server and a real embedded Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BookingFlowTest {

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    ApiClient api;
    String admin;
    String alice;
    String bob;
    String trip;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        admin = api.token("admin", "ADMIN");
        alice = api.token("alice");
        bob = api.token("bob");
        trip = "t-" + UUID.randomUUID();
        assertThat(api.createTrip(admin, trip, 5, 4).status()).isEqualTo(201);
    }

    @Test
    void aPersonHoldsSeesConfirmsAndCancelsSeats() {
        ApiClient.Response hold = api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A", "1B")));
        assertThat(hold.status()).isEqualTo(201);
        assertThat(hold.body().get("seats")).hasSize(2);
        Instant expiresAt = Instant.parse(hold.body().get("expiresAt").asText());
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(601));

        // read right after the command: the effect is visible
        JsonNode seats = api.get("/api/trips/" + trip + "/seats?status=held", alice).body().get("seats");
        assertThat(seats).extracting(seat -> seat.get("label").asText()).containsExactly("1A", "1B");
        assertThat(seats.get(0).get("heldByMe").asBoolean()).isTrue();
        assertThat(api.get("/api/trips/" + trip + "/seats?status=held", bob).body().get("seats").get(0).has("heldByMe")).isFalse();
        assertThat(api.get("/api/holds", alice).body()).anySatisfy(h -> assertThat(h.get("tripId").asText()).isEqualTo(trip));
        // the moments an answer gives are the ones the read models keep (MongoDB keeps milliseconds)
        assertThat(api.get("/api/holds", alice).body()).anySatisfy(h ->
                assertThat(Instant.parse(h.get("expiresAt").asText())).isEqualTo(expiresAt));
        assertThat(api.get("/api/trips/" + trip, null).body().get("held").asInt()).isEqualTo(2);

        ApiClient.Response taken = api.post("/api/trips/" + trip + "/holds", bob, Map.of("seats", List.of("1B", "1C")));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("seat_held");
        assertThat(taken.body().get("conflictingSeats")).extracting(JsonNode::asText).containsExactly("1B");
        assertThat(taken.body().get("retryAfterSeconds").asLong()).isBetween(590L, 600L);

        ApiClient.Response booked = api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A", "1B")));
        assertThat(booked.status()).isEqualTo(201);
        String reference = booked.body().get("reference").asText();
        assertThat(reference).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}");
        assertThat(booked.body().get("total").decimalValue()).isEqualByComparingTo("20.00");
        JsonNode shown = api.get("/api/bookings/" + reference, alice).body();
        assertThat(shown.get("status").asText()).isEqualTo("confirmed");
        assertThat(Instant.parse(shown.get("createdAt").asText()))
                .isEqualTo(Instant.parse(booked.body().get("createdAt").asText()));
        assertThat(api.get("/api/bookings/" + reference, bob).status()).isEqualTo(403);
        JsonNode stats = api.get("/api/trips/" + trip + "/stats", alice).body();
        assertThat(stats.get("booked").asInt()).isEqualTo(2);
        assertThat(stats.get("revenue").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(api.get("/api/holds", alice).body()).noneSatisfy(h -> assertThat(h.get("tripId").asText()).isEqualTo(trip));

        assertThat(api.post("/api/bookings/" + reference + "/cancel", bob, null).status()).isEqualTo(403);
        ApiClient.Response cancelled = api.post("/api/bookings/" + reference + "/cancel", alice, null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asText()).isEqualTo("cancelled");
        assertThat(api.get("/api/trips/" + trip, alice).body().get("available").asInt()).isEqualTo(20);
        assertThat(api.get("/api/trips/" + trip + "/stats", alice).body().get("revenue").decimalValue()).isEqualByComparingTo("0");
        assertThat(api.post("/api/trips/" + trip + "/seats/1A/hold", bob, null).status()).isEqualTo(201);
        assertThat(api.delete("/api/trips/" + trip + "/seats/1A/hold", bob, null).status()).isEqualTo(200);
    }

    /**
     * A JSON answer goes out in one write with its length: flushed to Tomcat mid-answer it was committed as
     * chunked and sent as two writes (headers and body, then the closing chunk), each a wake-up for the client.
     */
    @Test
    void answersAreSentWholeWithTheirLength() throws Exception {
        ApiClient.Response held = api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("2A")));
        ApiClient.Response taken = api.post("/api/trips/" + trip + "/holds", bob, Map.of("seats", List.of("2A")));

        for (ApiClient.Response answer : List.of(held, taken)) {
            assertThat(answer.headers()).as("%s", answer).doesNotContainKey("transfer-encoding");
            assertThat(Integer.parseInt(answer.headers().get("content-length").get(0)))
                    .isEqualTo(answer.body().toString().getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(taken.code()).isEqualTo("seat_held");

        // the seat map is written from its kept pieces as it goes out, its length known beforehand
        HttpResponse<byte[]> map = seatMapOf(alice);
        assertThat(map.headers().map()).doesNotContainKey("transfer-encoding");
        assertThat(map.headers().firstValueAsLong("content-length")).hasValue(map.body().length);
        JsonNode seats = ApiClient.JSON.readTree(map.body()).get("seats");
        assertThat(seats).hasSize(20);
        assertThat(seats.get(4).get("label").asText()).isEqualTo("2A");
        assertThat(seats.get(4).get("heldByMe").asBoolean()).isTrue();
    }

    private HttpResponse<byte[]> seatMapOf(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/trips/" + trip + "/seats")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void adminsBlockSeatsAndNobodyCanHoldThem() {
        assertThat(api.post("/api/trips/" + trip + "/seats/block", alice, Map.of("seats", List.of("2A"))).status()).isEqualTo(403);
        assertThat(api.post("/api/trips/" + trip + "/seats/block", admin, Map.of("seats", List.of("2A"), "reason", "broken"))
                .status()).isEqualTo(200);
        ApiClient.Response refused = api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("2A", "2B")));
        assertThat(refused.code()).isEqualTo("seat_blocked");
        assertThat(api.post("/api/trips/" + trip + "/seats/unblock", admin, Map.of("seats", List.of("2A"))).status()).isEqualTo(200);
        assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("2A", "2B"))).status()).isEqualTo(201);
    }

    @Test
    void theServiceReportsItselfHealthyAndPublishesItsOpenApi() {
        ApiClient.Response health = api.get("/actuator/health", admin);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        assertThat(health.body().at("/components/mongo/status").asText()).isEqualTo("UP");
        assertThat(health.body().at("/components/redis/status").asText()).isEqualTo("UP");
        JsonNode docs = api.get("/v3/api-docs", null).body();
        assertThat(docs.at("/paths").has("/api/trips/{tripId}/holds")).isTrue();
        // the hold endpoints answer refusals themselves (Refusals), so their success schema is declared
        assertThat(docs.at("/paths/~1api~1trips~1{tripId}~1holds/post/responses/201").toString())
                .contains("#/components/schemas/Held");
        assertThat(docs.at("/paths/~1api~1trips~1{tripId}~1seats~1{label}~1hold/post/responses/201").toString())
                .contains("#/components/schemas/Held");
    }

    @Test
    void aHoldIsCountedInEveryStageOfTheCommandTimingsAdminsRead() {
        List<String> stages = List.of("booking.command.queued", "booking.command.batch.lock",
                "booking.command.batch.write", "booking.command.batch.size", "booking.read.own-writes",
                "booking.projection.lag");
        Map<String, Double> before = new HashMap<>();
        stages.forEach(stage -> before.put(stage, count(stage)));

        assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("5D"))).status()).isEqualTo(201);
        // a read of hers right after waits for the read models to show the hold
        assertThat(api.get("/api/holds", alice).body().toString()).contains("5D");

        // the projections' lag is recorded after their commit, which the answer does not wait for
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String stage : stages) {
                assertThat(count(stage)).as(stage).isGreaterThan(before.get(stage));
            }
        });
        assertThat(api.get("/actuator/metrics/booking.command.queued", alice).status()).isEqualTo(403);
    }

    /**
     * A read right after each command waits for the three projections, whose batches used to read the trip's position
     * from MongoDB every time. While a node holds a projection's segment, its batches start from what the
     * previous batch left: counted here by the MongoDB client's own command meter.
     */
    @Test
    void projectionBatchesDoNotReadTheTripsPositionAgainWhileTheyHoldTheirSegment() {
        String positionReads = "mongodb.driver.commands?tag=command:find&tag=collection:projection_positions";
        double before = countIfAny(positionReads);
        int commands = 0;
        for (int i = 0; i < 10; i++) {
            assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("5C"))).status()).isEqualTo(201);
            assertThat(api.get("/api/holds", alice).status()).isEqualTo(200);
            assertThat(api.delete("/api/trips/" + trip + "/seats/5C/hold", alice, null).status()).isEqualTo(200);
            assertThat(api.get("/api/holds", alice).status()).isEqualTo(200);
            commands += 2;
        }

        // three projections, each at least one batch per command, read it every batch before; the waiting
        // reads' poll (every 200 ms) uses the same collection
        assertThat(countIfAny(positionReads) - before).isLessThan(commands);
    }

    /**
     * Every projection batch used to write its processor's token, which at an on-sale's rate is a 66-KB
     * document; a busy segment now writes it once a second (booking.read-models.token-interval).
     */
    @Test
    void projectionTokensAreWrittenOncePerIntervalNotOncePerBatch() {
        String tokenWrites = "mongodb.driver.commands?tag=command:update&tag=collection:trackingtokens";
        double before = countIfAny(tokenWrites);
        long started = System.nanoTime();
        int commands = 0;
        for (int i = 0; i < 10; i++) {
            assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("5C"))).status()).isEqualTo(201);
            assertThat(api.get("/api/holds", alice).status()).isEqualTo(200);
            assertThat(api.delete("/api/trips/" + trip + "/seats/5C/hold", alice, null).status()).isEqualTo(200);
            assertThat(api.get("/api/holds", alice).status()).isEqualTo(200);
            commands += 2;
        }
        double written = countIfAny(tokenWrites) - before;
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        // each of the three projections handled at least one batch per command, and wrote its token with
        // every one; now each of their segments writes at most once a second while busy, plus a claim
        // extension every five seconds
        assertThat(written).as("token writes for %d commands in %d s", commands, seconds)
                .isLessThanOrEqualTo(3 * 2 * (seconds + 1) + 3 * 2 * (seconds / 5 + 1))
                .isLessThan(3 * commands);
    }

    private double countIfAny(String meter) {
        ApiClient.Response metric = api.get("/actuator/metrics/" + meter, admin);
        return metric.status() == 404 ? 0 : metric.body().at("/measurements/0/value").asDouble();
    }

    private double count(String meter) {
        ApiClient.Response metric = api.get("/actuator/metrics/" + meter, admin);
        assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
        return metric.body().at("/measurements/0/value").asDouble();
    }

    @Test
    void aRepeatedPostWithTheSameIdempotencyKeyGetsTheFirstAnswerAndChangesNothing() {
        String body = "{\"seats\":[\"4A\",\"4B\"]}";
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + UUID.randomUUID());
        ApiClient.Response first = api.raw("POST", "/api/trips/" + trip + "/holds", alice, body, key);
        // read as alice: her read shows her hold (an anonymous one may not yet)
        long position = api.get("/api/trips/" + trip, alice).body().get("position").asLong();

        ApiClient.Response again = api.raw("POST", "/api/trips/" + trip + "/holds", alice, body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers()).containsKey("idempotent-replayed");
        assertThat(api.get("/api/trips/" + trip, alice).body().get("position").asLong()).isEqualTo(position);
        ApiClient.Response otherBody = api.raw("POST", "/api/trips/" + trip + "/holds", alice, "{\"seats\":[\"4C\"]}", key);
        assertThat(otherBody.status()).isEqualTo(400);
        assertThat(otherBody.code()).isEqualTo("invalid_data");
        ApiClient.Response otherUser = api.raw("POST", "/api/trips/" + trip + "/holds", bob, body, key);
        assertThat(otherUser.code()).as("the key is per user: bob's request runs and meets alice's hold").isEqualTo("seat_held");
    }

    @Test
    void reCreatingATripIsAConflict() {
        ApiClient.Response again = api.createTrip(admin, trip, 1, 1);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("trip_exists");
        assertThat(api.get("/api/trips/" + trip, null).body().get("totalSeats").asInt()).isEqualTo(20);
    }

    @Test
    void aOneMinuteHoldExpiresByItselfAndTheHolderIsTold() throws Exception {
        StompTestClient aliceLive = StompTestClient.connect(port, alice);
        BlockingQueue<JsonNode> notices = aliceLive.subscribe("/user/queue/holds");
        ApiClient.Response hold = api.post("/api/trips/" + trip + "/holds", alice,
                Map.of("seats", List.of("3A"), "holdMinutes", 1));
        assertThat(hold.status()).isEqualTo(201);
        Instant expiresAt = Instant.parse(hold.body().get("expiresAt").asText());

        await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(EventStoreFold.of(eventStore, trip).status.get("3A")).isEqualTo("available"));
        assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(api.get("/api/trips/" + trip, null).body().get("held").asInt()).isZero();
            assertThat(api.get("/api/holds", alice).body()).noneSatisfy(h -> assertThat(h.get("tripId").asText()).isEqualTo(trip));
        });
        JsonNode expiry = api.get("/api/admin/trips/" + trip + "/history?from=1", admin).body();
        assertThat(expiry.findValuesAsText("type")).containsExactly("SeatsHeld", "HoldExpired");
        assertThat(expiry.findValuesAsText("actor")).as("an expiry is done by the system").containsExactly("alice", "system");
        JsonNode notice = notices.poll(10, TimeUnit.SECONDS);
        aliceLive.close();
        assertThat(notice).isNotNull();
        assertThat(notice.get("type").asText()).isEqualTo("hold.expired");
        assertThat(notice.get("tripId").asText()).isEqualTo(trip);
        assertThat(notice.get("seats").get(0).asText()).isEqualTo("3A");
    }
}
