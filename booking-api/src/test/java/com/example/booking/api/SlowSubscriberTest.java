package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A subscriber that stops reading must not slow down the others on the same trip. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SlowSubscriberTest {

    @LocalServerPort
    int port;

    @Test
    void aSubscriberThatStopsReadingDoesNotDelayAnother() throws Exception {
        ApiClient api = new ApiClient(port);
        // 5,000 seats: ten snapshots of ~600 KB each overflow every socket buffer between server and stalled client
        String trip = newTrip(api, 100, 50);
        String alice = api.token("alice");

        try (RawStompSocket stalled = stalledSubscriber(api.token("sloth"), trip, 10);
             StompTestClient fast = StompTestClient.connect(port, alice)) {
            BlockingQueue<JsonNode> seats = fast.subscribe("/topic/trips/" + trip + "/seats");
            assertThat(seats.poll(10, TimeUnit.SECONDS)).isNotNull();

            long slowest = 0;
            for (int i = 1; i <= 20; i++) {
                String seat = i + "A";
                assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of(seat))).status())
                        .isEqualTo(201);
                long answered = System.nanoTime();
                JsonNode change = seats.poll(5, TimeUnit.SECONDS);
                assertThat(change).as("change %d reached the reading subscriber", i).isNotNull();
                assertThat(change.at("/changes/0/seat").asText()).isEqualTo(seat);
                slowest = Math.max(slowest, System.nanoTime() - answered);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("slowest delivery after the answer, ms").isLessThan(1000);
        }
    }

    /**
     * Spring writes to every session of a node from one pool of threads, and a write to a socket nobody
     * reads blocks its thread. With Spring's default pool (twice the cores) four such readers froze every
     * session of the node for 20 s: a new client could not even get its CONNECTED frame.
     */
    @Test
    void readersThatStopReadingDoNotHoldUpTheNodesOtherSessions() throws Exception {
        // the node is writing snapshots to at least as many of them as Spring's default pool has threads
        int defaultPool = 2 * Runtime.getRuntime().availableProcessors();
        assertAReaderGetsItsSeatMapNextTo(10, "sloth", Math.min(defaultPool, 10));
    }

    /**
     * Each reader that stops reading ties up one of the node's writing threads (at most 64): without a limit, one user
     * with 40 such connections froze every session of the node. At most 10 of them are admitted.
     */
    @Test
    void oneUserCannotTieUpEveryWritingThreadOfTheNode() throws Exception {
        assertAReaderGetsItsSeatMapNextTo(40, "hoarder", 10);
    }

    /**
     * Opens {@code connections} sessions of {@code user} that subscribe to a trip of 50,000 seats (a snapshot of
     * several megabytes, more than the buffers of a socket nobody reads take) and stop reading; once at least
     * {@code stuck} of them have more waiting in their sockets than the CONNECTED frame, another user's
     * snapshot must still arrive within 10 s.
     */
    private void assertAReaderGetsItsSeatMapNextTo(int connections, String user, int stuck) throws Exception {
        ApiClient api = new ApiClient(port);
        String trip = newTrip(api, 200, 250);
        String token = api.token(user);
        List<RawStompSocket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                stalled.add(stalledSubscriber(token, trip, 1));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    stalled.stream().filter(socket -> socket.waiting(1024)).count() >= stuck);

            try (StompTestClient reader = StompTestClient.connect(port, api.token("alice"))) {
                BlockingQueue<JsonNode> seats = reader.subscribe("/topic/trips/" + trip + "/seats");
                JsonNode snapshot = seats.poll(10, TimeUnit.SECONDS);
                assertThat(snapshot).as("a snapshot within 10 s, next to %d connections of one user that stopped reading",
                        connections).isNotNull();
                assertThat(snapshot.get("seats")).hasSize(50_000);
            }
        } finally {
            for (RawStompSocket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aUserOverTheLimitOfSessionsIsRefusedUntilTheyCloseOne() throws Exception {
        ApiClient api = new ApiClient(port);
        String token = api.token("tabs");
        List<StompTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(StompTestClient.connect(port, token));
            }
            try (RawStompSocket eleventh = RawStompSocket.open(port, 0)) {
                eleventh.connect(token);
                String answer = eleventh.read();
                assertThat(answer).startsWith("ERROR").contains("message:rate_limited");
            }
            // somebody else is not affected
            StompTestClient.connect(port, api.token("alice")).close();

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (RawStompSocket again = RawStompSocket.open(port, 0)) {
                    again.connect(token);
                    assertThat(again.read()).startsWith("CONNECTED");
                }
            });
        } finally {
            open.forEach(StompTestClient::close);
        }
    }

    private static String newTrip(ApiClient api, int rows, int columns) {
        String trip = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.createTrip(api.token("admin", "ADMIN"), trip, rows, columns).status()).isEqualTo(201);
        // a trip of 50,000 seats can take the projections longer than the answer's 5-s wait when a test before
        // this one loaded the machine; a subscription before its seat map exists is refused (trip_not_found)
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/trips/" + trip + "/seats", null).status() == 200);
        return trip;
    }

    /** A client with a tiny receive buffer that connects, subscribes to the trip and then never reads again. */
    private RawStompSocket stalledSubscriber(String token, String trip, int subscriptions) throws Exception {
        RawStompSocket socket = RawStompSocket.open(port, 4096);
        socket.connect(token);
        for (int i = 0; i < subscriptions; i++) {
            socket.subscribe("sub-" + i, "/topic/trips/" + trip + "/seats");
        }
        return socket;
    }
}
