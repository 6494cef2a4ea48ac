package com.example.booking.api;

import com.example.booking.api.infra.embedded.IndexedH2Backend;
import de.bwaldvogel.mongo.MongoServer;
import org.jobrunr.server.BackgroundJobServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MongoDB-wire server goes away and comes back: commands answer 503 meanwhile, no confirmed booking is
 * lost, projections resume from their tokens, and the deadline job server runs again.
 */
class MongoOutageTest {

    @TempDir
    Path data;

    private MongoServer startMongo(int port) {
        MongoServer server = new MongoServer(new IndexedH2Backend(data.resolve("mongo.mv").toString()));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        return server;
    }

    @Test
    void whileRequestsFlowCommandsAnswerUnavailableAndNoConfirmedBookingIsLost() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MongoServer mongo = startMongo(port);
        try (ConfigurableApplicationContext app = InProcessService.startWithDevTokens(
                "--booking.infra.mongodb-uri=mongodb://127.0.0.1:" + port, "--booking.deadlines.watchdog-interval=2s")) {
            ApiClient api = new ApiClient(InProcessService.port(app));
            String trip = "mongo-outage";
            RequestStream stream = RequestStream.onNewTrip(api, trip);
            try (stream) {
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.bookings.size() >= 4);
                mongo.shutdownNow();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> stream.count("503 unavailable") >= 10);
                int bookedBeforeReturn = stream.bookings.size();
                mongo = startMongo(port);
                await("recovers by itself").atMost(Duration.ofSeconds(90))
                        .until(() -> stream.bookings.size() >= bookedBeforeReturn + 4);
            }
            LoggerFactory.getLogger(MongoOutageTest.class).info("answers while MongoDB went away and came back: {}, slowest {}",
                    stream.answers(), stream.slowest());
            assertThat(stream.unexpected).as("no 500s, no broken connections").isEmpty();
            assertThat(stream.answers().keySet()).as("booked, or told that MongoDB is away")
                    .isSubsetOf("201 null", "503 unavailable");
            assertThat(stream.slowest()).as("no request hung (slowest: %s)", stream.slowestAnswer()).isLessThan(Duration.ofSeconds(10));

            // no confirmed booking lost: the event store has every one answered 201, and only those
            EventStoreFold fold = EventStoreFold.of(app.getBean(EventStore.class), trip);
            assertThat(fold.violations).isEmpty();
            List<String> answered = stream.bookedSeats();
            assertThat(fold.status.entrySet().stream().filter(seat -> seat.getValue().equals("booked"))
                    .map(Map.Entry::getKey).sorted().toList()).isEqualTo(answered);
            // the projections resumed from their tokens and caught up
            for (RequestStream.Booked booking : stream.bookings) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/bookings/"
                        + booking.reference(), booking.token()).body().get("status").asText()).isEqualTo("confirmed"));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode summary = api.get("/api/trips/" + trip, null).body();
                assertThat(summary.get("booked").asInt()).isEqualTo(answered.size());
                assertThat(summary.get("position").asLong()).isEqualTo(fold.position);
            });
            // a job server that stopped itself (as JobRunr does when its store stays unreachable) comes back
            BackgroundJobServer jobs = app.getBean(BackgroundJobServer.class);
            jobs.stop();
            assertThat(jobs.isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(jobs::isRunning);
        } finally {
            mongo.shutdownNow();
        }
    }
}
