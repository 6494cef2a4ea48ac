package com.example.booking.api;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event stored after newer ones, in a store that has nothing older inside the look-back window: the
 * first seconds after a start, or any quiet spell. Two commands of different trips stamped a few
 * milliseconds apart and stored in the other order are enough. The projections must still apply it.
 * <p>
 * Its own application context (the property below is the default, stated to get one), so that no other
 * test's events lie in the window.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "booking.event-store.look-back=10s")
@ActiveProfiles("test")
class QuietStoreLateEventTest {

    @LocalServerPort
    int port;

    @Autowired
    EventStore events;

    @Test
    void anEventStoredAfterNewerOnesReachesTheProjectionsWhenNothingOlderIsInTheWindow() {
        Instant start = Instant.now();
        ApiClient api = new ApiClient(port);
        String admin = api.token("admin", "ADMIN");
        String trip = "quiet-late-trip";
        assertThat(api.createTrip(admin, trip, 2, 2).status()).isEqualTo(201);
        String alice = api.token("alice");
        assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A"))).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heldSeats(api, trip, alice)).containsExactly("1A"));

        // stamped before every event in the store, well inside the look-back, and stored only now
        Instant stamped = start.minusSeconds(2);
        StoredLate.hold(events, trip, 2, "2B", stamped);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(heldSeats(api, trip, alice)).containsExactlyInAnyOrder("1A", "2B"));
    }

    private static List<String> heldSeats(ApiClient api, String trip, String token) {
        return api.get("/api/trips/" + trip + "/seats?status=held", token).body().get("seats").findValuesAsText("label");
    }
}
