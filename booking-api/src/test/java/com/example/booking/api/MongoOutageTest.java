package com.example.booking.api;

import com.example.booking.api.infra.embedded.IndexedH2Backend;
import de.bwaldvogel.mongo.MongoServer;
import org.jobrunr.server.BackgroundJobServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
    void commandsAnswerUnavailableDuringAMongoOutageAndNothingIsLost() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MongoServer mongo = startMongo(port);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BookingApplication.class).run(
                "--server.port=0", "--booking.infra.mongodb-uri=mongodb://127.0.0.1:" + port,
                "--booking.jwt.secret=a-test-secret-that-is-at-least-32-bytes-long", "--booking.jwt.dev-tokens=true",
                "--booking.deadlines.watchdog-interval=2s", "--axoniq.update-checker.disabled=true")) {
            ApiClient api = new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            String alice = api.token("alice");
            String trip = "mongo-outage";
            assertThat(api.createTrip(api.token("admin", "ADMIN"), trip, 2, 2).status()).isEqualTo(201);
            api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A")));
            String reference = api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A"))).body()
                    .get("reference").asText();

            mongo.shutdownNow();
            ApiClient.Response refused = api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1B")));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("unavailable");

            mongo = startMongo(port);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1B"))).status())
                            .isEqualTo(201));
            assertThat(api.get("/api/bookings/" + reference, alice).body().get("status").asText()).isEqualTo("confirmed");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api.get("/api/trips/" + trip, null).body().get("held").asInt()).isEqualTo(1);
                assertThat(api.get("/api/trips/" + trip, null).body().get("booked").asInt()).isEqualTo(1);
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
