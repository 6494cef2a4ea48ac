package com.example.booking.api;

import com.example.booking.query.projection.ReadModelSlots;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A booking its owner confirmed a moment ago, read or cancelled while the bookings read model is further
 * behind than the read-your-writes wait: "not found" would be false, so the answer says to try again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "booking.read-your-writes-timeout=1s")
@ActiveProfiles("test")
class ReadModelsBehindTest {

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ReadModelSlots slots;

    private StreamingEventProcessor bookings;

    @AfterEach
    void restartBookings() {
        if (bookings != null && !bookings.isRunning()) {
            bookings.start();
        }
    }

    @Test
    void aJustConfirmedBookingIsNeverAnsweredNotFoundWhileTheReadModelTrailsItsOwner() {
        ApiClient api = new ApiClient(port);
        String alice = api.token("alice-" + UUID.randomUUID());
        String bob = api.token("bob-" + UUID.randomUUID());
        String trip = "t-" + UUID.randomUUID();
        assertThat(api.createTrip(api.token("admin", "ADMIN"), trip, 2, 2).status()).isEqualTo(201);
        assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A"))).status())
                .isEqualTo(201);

        bookings = processing.eventProcessor(ReadModelSlots.processorName("bookings", slots.active("bookings")),
                StreamingEventProcessor.class).orElseThrow();
        bookings.shutDown();
        ApiClient.Response confirmed = api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A")));
        assertThat(confirmed.status()).isEqualTo(201);
        String reference = confirmed.body().get("reference").asText();

        ApiClient.Response read = api.get("/api/bookings/" + reference, alice);
        assertThat(read.status()).as(read.body().toString()).isEqualTo(503);
        assertThat(read.code()).isEqualTo("unavailable");
        assertThat(read.body().get("retryAfterSeconds").asLong()).isEqualTo(1);
        assertThat(read.headers().get("retry-after")).containsExactly("1");
        ApiClient.Response cancel = api.post("/api/bookings/" + reference + "/cancel", alice, null);
        assertThat(cancel.status()).isEqualTo(503);
        assertThat(cancel.code()).isEqualTo("unavailable");
        // someone with no writes of their own waiting is told the truth about a booking that does not exist
        assertThat(api.get("/api/bookings/ABCDEF", bob).code()).isEqualTo("booking_not_found");

        bookings.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/bookings/" + reference, alice).body().get("status").asText())
                        .isEqualTo("confirmed"));
        // the refused cancellation changed nothing; now it goes through
        assertThat(api.post("/api/bookings/" + reference + "/cancel", alice, null).status()).isEqualTo(200);
    }
}
