package com.example.booking.api;

import com.example.booking.api.infra.embedded.IndexedMemoryBackend;
import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        mongo = new MongoServer(new IndexedMemoryBackend());
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

    @Test
    void aProjectionIsRebuiltWhileBothNodesRunItsProcessorsAndBothSwitchToTheNewSlot() {
        ApiClient api1 = new ApiClient(port(node1));
        ApiClient api2 = new ApiClient(port(node2));
        String admin = api1.token("admin", "ADMIN");
        String alice = api1.token("alice");
        String trip = "cluster-rebuild";
        assertThat(api1.createTrip(admin, trip, 3, 4).status()).isEqualTo(201);
        assertThat(api1.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A"))).status()).isEqualTo(201);
        assertThat(api2.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("2B"))).status()).isEqualTo(201);
        String slotBefore = slotOf(api1.get("/api/admin/projections", admin).body(), "seat-maps");

        ApiClient.Response accepted = api2.post("/api/admin/projections/seat-maps/rebuild", admin, null);
        assertThat(accepted.status()).isEqualTo(202);
        String rebuild = accepted.body().get("id").asText();
        assertThat(api1.post("/api/admin/projections/seat-maps/rebuild", admin, null).code())
                .as("one rebuild at a time, whichever node is asked").isEqualTo("rebuild_running");

        for (ApiClient node : List.of(api1, api2)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode seatMaps = projection(node.get("/api/admin/projections", admin).body(), "seat-maps");
                assertThat(seatMaps.path("lastRebuild").path("id").asText()).isEqualTo(rebuild);
                assertThat(seatMaps.get("slot").asText()).isNotEqualTo(slotBefore);
                assertThat(seatMaps.get("status").asText()).isEqualTo("running");
            });
        }
        // once the grace period is over, neither node holds a segment of the retired slot any more
        MongoTemplate store = node1.getBean(MongoTemplate.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.find(
                Query.query(Criteria.where("processorName").is("seat-maps@" + slotBefore)), Document.class, "trackingtokens"))
                .isNotEmpty().allSatisfy(token -> assertThat(token.get("owner")).isNull()));

        for (ApiClient node : List.of(api1, api2)) {
            JsonNode held = node.get("/api/trips/" + trip + "/seats?status=held", alice).body();
            assertThat(held.findValuesAsText("label")).containsExactlyInAnyOrder("1A", "2B");
        }
        assertThat(api1.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("3C"))).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api2.get("/api/trips/" + trip
                + "/seats?status=held", alice).body().findValuesAsText("label")).contains("3C"));
    }

    private static JsonNode projection(JsonNode projections, String name) {
        for (JsonNode projection : projections) {
            if (projection.get("name").asText().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name + " in " + projections);
    }

    private static String slotOf(JsonNode projections, String name) {
        return projection(projections, name).get("slot").asText();
    }
}
