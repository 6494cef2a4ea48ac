package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** History and past seat maps read from the event store, with who did what. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HistoryTest {

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
        moments.add(Instant.now());
        api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A")));
        moments.add(Instant.now());
        api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A")));
        moments.add(Instant.now());

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
