package com.example.booking.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
    void commandsAnswerUnavailableWhileRedisIsDownAndWorkAgainWhenItReturns() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
        redis.start();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BookingApplication.class).run(
                "--server.port=0", "--booking.infra.in-memory=true", "--booking.infra.data-dir=" + data,
                "--booking.infra.redis-url=redis://127.0.0.1:" + port,
                "--booking.jwt.secret=a-test-secret-that-is-at-least-32-bytes-long", "--booking.jwt.dev-tokens=true",
                "--axoniq.update-checker.disabled=true")) {
            ApiClient api = new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            String alice = api.token("alice");
            String trip = "outage-trip";
            assertThat(api.createTrip(api.token("admin", "ADMIN"), trip, 2, 2).status()).isEqualTo(201);

            redis.stop();
            long start = System.nanoTime();
            ApiClient.Response refused = api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A")));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("unavailable");
            assertThat(millis).as("answered quickly, not after hanging").isLessThan(5000);
            assertThat(api.get("/api/trips/" + trip + "/seats", null).status()).as("reads go on").isEqualTo(200);
            assertThat(api.get("/api/trips/" + trip, null).body().get("held").asInt()).as("nothing half-done").isZero();

            redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
            redis.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A"))).status())
                            .isEqualTo(201));
            assertThat(api.get("/api/trips/" + trip, null).body().get("held").asInt()).isEqualTo(1);
        } finally {
            redis.stop();
        }
    }
}
