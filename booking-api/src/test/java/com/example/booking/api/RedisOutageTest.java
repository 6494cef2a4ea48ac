package com.example.booking.api;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis goes away while the service runs: commands answer 503 quickly, reads go on, and it recovers by itself. */
class RedisOutageTest {

    @TempDir
    Path data;

    @Test
    void whileRequestsFlowCommandsAnswerUnavailableQuicklyAndRecoverWhenRedisReturns() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
        redis.start();
        try (ConfigurableApplicationContext app = InProcessService.startWithDevTokens(
                "--booking.infra.in-memory=true", "--booking.infra.data-dir=" + data,
                "--booking.infra.redis-url=redis://127.0.0.1:" + port)) {
            ApiClient api = new ApiClient(InProcessService.port(app));
            String trip = "outage-trip";
            EventStore events = app.getBean(EventStore.class);

            RequestStream stream = RequestStream.onNewTrip(api, trip);
            try (stream) {
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.bookings.size() >= 4);
                redis.stop();
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.count("503 unavailable") >= 20);
                assertThat(api.get("/api/trips/" + trip + "/seats", null).status()).as("reads go on").isEqualTo(200);
                // a signed-in user's read asks Redis for that user's recent writes first, and goes on without
                long started = System.nanoTime();
                assertThat(api.get("/api/holds", stream.tokens.get(0)).status()).as("own reads go on").isEqualTo(200);
                assertThat(api.get("/api/bookings", stream.tokens.get(0)).status()).as("own reads go on").isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                int bookedBeforeReturn = stream.bookings.size();

                redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
                redis.start();
                await("recovers by itself").atMost(Duration.ofSeconds(60))
                        .until(() -> stream.bookings.size() >= bookedBeforeReturn + 4);
            }
            assertThat(stream.unexpected).as("no 500s, no broken connections").isEmpty();
            assertThat(stream.answers().keySet()).as("booked, or told that Redis is away")
                    .isSubsetOf("201 null", "503 unavailable");
            assertThat(stream.slowest()).as("no request hung (slowest: %s)", stream.slowestAnswer()).isLessThan(Duration.ofSeconds(5));

            // nothing half-done: the event store holds exactly the bookings that were answered 201, and
            // the read model agrees with it
            EventStoreFold fold = EventStoreFold.of(events, trip);
            assertThat(fold.violations).isEmpty();
            List<String> answered = stream.bookedSeats();
            assertThat(fold.status.entrySet().stream().filter(seat -> seat.getValue().equals("booked"))
                    .map(Map.Entry::getKey).sorted().toList()).isEqualTo(answered);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api.get("/api/trips/" + trip, null).body().get("booked").asInt()).isEqualTo(answered.size()));
            LoggerFactory.getLogger(RedisOutageTest.class).info("answers while Redis went away and came back: {}, slowest {}",
                    stream.answers(), stream.slowest());
        } finally {
            redis.stop();
        }
    }
}
