package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes sharing one Redis and one MongoDB-wire server, as a cluster would: a change
 * made through either node reaches live subscribers on the other.
 */
class TwoNodesTest {

    static MongoServer mongo;
    static RedisServer redis;
    static int redisPort;
    static ConfigurableApplicationContext node1;
    static ConfigurableApplicationContext node2;

    @BeforeAll
    static void startCluster() throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        String mongoUri = mongo.bindAndGetConnectionString();
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
        redis.start();
        node1 = start(mongoUri);
        node2 = start(mongoUri);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        node1.close();
        node2.close();
        redis.stop();
        mongo.shutdownNow();
    }

    private static ConfigurableApplicationContext start(String mongoUri) {
        return new SpringApplicationBuilder(BookingApplication.class).run("--server.port=0",
                "--booking.infra.mongodb-uri=" + mongoUri,
                "--booking.infra.redis-url=redis://127.0.0.1:" + redisPort,
                "--booking.jwt.secret=a-test-secret-that-is-at-least-32-bytes-long",
                "--booking.jwt.dev-tokens=true",
                "--axoniq.update-checker.disabled=true");
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    private static JsonNode nextChange(BlockingQueue<JsonNode> queue) throws InterruptedException {
        JsonNode message = queue.poll(15, TimeUnit.SECONDS);
        assertThat(message).as("a message within 15 s").isNotNull();
        return message;
    }

    @Test
    void aChangeMadeThroughOneNodeReachesSubscribersOfTheOther() throws Exception {
        ApiClient api1 = new ApiClient(port(node1));
        ApiClient api2 = new ApiClient(port(node2));
        String trip = "cluster-trip";
        assertThat(api1.createTrip(api1.token("admin", "ADMIN"), trip, 2, 2).status()).isEqualTo(201);
        String alice = api1.token("alice");

        try (StompTestClient onNode1 = StompTestClient.connect(port(node1), alice);
             StompTestClient onNode2 = StompTestClient.connect(port(node2), alice)) {
            BlockingQueue<JsonNode> seats1 = onNode1.subscribe("/topic/trips/" + trip + "/seats");
            BlockingQueue<JsonNode> seats2 = onNode2.subscribe("/topic/trips/" + trip + "/seats");
            long start = nextChange(seats1).get("position").asLong();
            assertThat(nextChange(seats2).get("position").asLong()).isEqualTo(start);

            assertThat(api1.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A"))).status())
                    .isEqualTo(201);
            JsonNode heldOnNode2 = nextChange(seats2);
            assertThat(heldOnNode2.get("position").asLong()).isEqualTo(start + 1);
            assertThat(heldOnNode2.at("/changes/0/reason").asText()).isEqualTo("held");

            assertThat(api2.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1A"))).status()).isEqualTo(201);
            assertThat(nextChange(seats1).get("position").asLong()).as("the hold, seen on node 1 too").isEqualTo(start + 1);
            JsonNode bookedOnNode1 = nextChange(seats1);
            assertThat(bookedOnNode1.get("position").asLong()).isEqualTo(start + 2);
            assertThat(bookedOnNode1.at("/changes/0/reason").asText()).isEqualTo("booked");
        }
    }
}
