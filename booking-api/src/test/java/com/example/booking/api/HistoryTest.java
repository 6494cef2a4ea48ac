package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** History and past seat maps read from the event store, with who did what. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "booking.history.checkpoint-every=10")
@ActiveProfiles("test")
class HistoryTest {

    private static final List<String> SEATS = List.of("1A", "1B", "1C", "2A", "2B", "2C");

    @Autowired
    MongoTemplate mongo;

    @LocalServerPort
    int port;

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
        trip = "hist-" + UUID.randomUUID();
        assertThat(api.createTrip(admin, trip, 2, 3).status()).isEqualTo(201);
    }

    @Test
    void aBookingsHistoryShowsHoldConfirmAndCancelWithTheirActorsInOrder() {
        api.raw("POST", "/api/trips/" + trip + "/holds", alice, "{\"seats\":[\"1A\",\"1B\"]}",
                Map.of("X-Request-Id", "req-hold-1"));
        String reference = api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A", "1B")))
                .body().get("reference").asText();
        api.post("/api/bookings/" + reference + "/cancel", admin, null);

        ApiClient.Response history = api.get("/api/bookings/" + reference + "/history", alice);

        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().findValuesAsText("type")).containsExactly("SeatsHeld", "BookingConfirmed", "BookingCancelled");
        assertThat(history.body().findValuesAsText("actor")).containsExactly("alice", "alice", "admin");
        assertThat(history.body().get(0).get("requestId").asText()).isEqualTo("req-hold-1");
        assertThat(history.body().get(0).get("channel").asText()).isEqualTo("REST");
        List<Long> positions = history.body().findValues("position").stream().map(JsonNode::asLong).toList();
        assertThat(positions).isSorted();
        assertThat(history.body().get(1).at("/data/passengers/0/idNumber").asText()).isEqualTo("X1A");
        assertThat(api.get("/api/bookings/" + reference + "/history", bob).status()).isEqualTo(403);
        assertThat(api.get("/api/bookings/" + reference + "/history", admin).status()).isEqualTo(200);
    }

    @Test
    void aTripsHistoryPagesByPositionForAdminsOnly() {
        for (String seat : List.of("1A", "1B", "1C", "2A")) {
            api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of(seat)));
        }
        api.post("/api/trips/" + trip + "/seats/block", admin, Map.of("seats", List.of("2C"), "reason", "broken"));

        JsonNode first = api.get("/api/admin/trips/" + trip + "/history?limit=3", admin).body();
        JsonNode rest = api.get("/api/admin/trips/" + trip + "/history?from=3", admin).body();

        assertThat(first.findValues("position")).extracting(JsonNode::asLong).containsExactly(0L, 1L, 2L);
        assertThat(first.get(0).get("type").asText()).isEqualTo("TripScheduled");
        assertThat(rest.findValues("position")).extracting(JsonNode::asLong).containsExactly(3L, 4L, 5L);
        assertThat(rest.get(2).get("type").asText()).isEqualTo("SeatsBlocked");
        assertThat(rest.get(2).get("actor").asText()).as("admin actions are recorded with their actor").isEqualTo("admin");
        assertThat(api.get("/api/admin/trips/" + trip + "/history?from=1&to=2", admin).body()).hasSize(2);
        assertThat(api.get("/api/admin/trips/" + trip + "/history", alice).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/trips/" + trip + "/history?limit=0", admin).code()).isEqualTo("invalid_data");
        assertThat(api.get("/api/admin/trips/no-such-trip/history", admin).code()).isEqualTo("trip_not_found");
    }

    @Test
    void theSeatMapAsOfAnyMomentIsRebuiltFromTheEvents() {
        List<Instant> moments = new ArrayList<>();
        moments.add(moment());
        api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A")));
        moments.add(moment());
        api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A")));
        moments.add(moment());

        List<String> statuses = moments.stream().map(moment -> seatStatus(moment, "1A")).toList();

        assertThat(statuses).containsExactly("available", "held", "booked");
        assertThat(api.get("/api/admin/trips/" + trip + "/seats?asOf=" + Instant.now(), alice).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/trips/" + trip + "/seats?asOf=yesterday", admin).code()).isEqualTo("invalid_data");
    }

    @Test
    void adminsSeeTheStatusOfEveryProjection() {
        JsonNode projections = api.get("/api/admin/projections", admin).body();

        assertThat(projections.findValuesAsText("name")).containsExactlyInAnyOrder("seat-maps", "holds", "bookings");
        assertThat(projections.findValuesAsText("status")).containsOnly("running");
        assertThat(api.get("/api/admin/projections", alice).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/projections", null).status()).isEqualTo(401);
    }

    @Test
    void aPastSeatMapStartsFromTheNewestCheckpointBeforeItsMoment() {
        Map<String, String> status = new HashMap<>();
        SEATS.forEach(seat -> status.put(seat, "available"));
        List<Instant> moments = new ArrayList<>();
        List<Map<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String seat = SEATS.get(i % SEATS.size());
            boolean hold = status.get(seat).equals("available");
            ApiClient.Response answer = hold
                    ? api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of(seat)))
                    : api.delete("/api/trips/" + trip + "/seats/" + seat + "/hold", alice, null);
            assertThat(answer.status()).as(answer.toString()).isLessThan(300);
            status.put(seat, hold ? "held" : "available");
            moments.add(moment());
            expected.add(Map.copyOf(status));
        }

        // the first look folds from the start and leaves a checkpoint every 10 events (positions 9, 19, 29)
        assertThat(statuses(moments.get(35))).isEqualTo(expected.get(35));
        assertThat(mongo.find(Query.query(Criteria.where("tripId").is(trip)), Document.class, "seat_map_checkpoints"))
                .extracting(checkpoint -> ((Number) checkpoint.get("position")).longValue())
                .containsExactlyInAnyOrder(9L, 19L, 29L);
        for (int i = 0; i < moments.size(); i++) {
            assertThat(statuses(moments.get(i))).as("as of operation %d", i).isEqualTo(expected.get(i));
        }

        // proof that a fold starts at the newest checkpoint before its moment: spoil the one at position 19
        mongo.updateFirst(Query.query(Criteria.where("_id").is(trip + "|19")),
                new Update().push("seats", new Document("label", "1A").append("status", "blocked")),
                "seat_map_checkpoints");
        assertThat(statuses(moments.get(19)).get("1A")).isEqualTo("blocked");
        assertThat(statuses(moments.get(17))).isEqualTo(expected.get(17));
        assertThat(statuses(moments.get(29))).isEqualTo(expected.get(29));
    }

    /**
     * Now, once the clock has left this millisecond: the event store stamps events to the millisecond, so the next
     * operation's event must fall in a later one for the moment to tell the two apart.
     */
    private static Instant moment() {
        Instant moment = Instant.now();
        await().atMost(Duration.ofSeconds(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(moment));
        return moment;
    }

    private Map<String, String> statuses(Instant moment) {
        JsonNode map = api.get("/api/admin/trips/" + trip + "/seats?asOf=" + moment, admin).body();
        Map<String, String> statuses = new HashMap<>();
        map.get("seats").forEach(seat -> statuses.put(seat.get("label").asText(), seat.get("status").asText()));
        return statuses;
    }

    private String seatStatus(Instant moment, String label) {
        JsonNode map = api.get("/api/admin/trips/" + trip + "/seats?asOf=" + moment, admin).body();
        for (JsonNode seat : map.get("seats")) {
            if (seat.get("label").asText().equals(label)) {
                return seat.get("status").asText();
            }
        }
        throw new AssertionError("no seat " + label);
    }
}
