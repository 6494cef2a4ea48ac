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

import com.example.booking.shared.batch.TripCommandBatch;
import com.example.booking.shared.hold.HoldSeatsCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.time.Instant;
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
        // node 1's lock lease is short and never renewed, so a stalled command there outlives it
        node1 = start(mongoUri, new Class<?>[]{BookingApplication.class, StallingNode.class},
                "--booking.lock.lease=1s", "--booking.lock.renew=false");
        node2 = start(mongoUri, new Class<?>[]{BookingApplication.class});
    }

    @AfterAll
    static void stopCluster() throws Exception {
        node1.close();
        node2.close();
        redis.stop();
        mongo.shutdownNow();
    }

    private static ConfigurableApplicationContext start(String mongoUri, Class<?>[] sources, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--booking.infra.mongodb-uri=" + mongoUri,
                "--booking.infra.redis-url=redis://127.0.0.1:" + redisPort,
                "--booking.jwt.secret=a-test-secret-that-is-at-least-32-bytes-long",
                "--booking.jwt.dev-tokens=true",
                "--axoniq.update-checker.disabled=true"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(sources).run(args.toArray(String[]::new));
    }

    /**
     * Holds a chosen command after its handler decided and applied its events, before they are stored:
     * the long pause (a GC, a stalled VM) during which a lock lease can run out.
     */
    static final class Stall implements MessageHandlerInterceptor<CommandMessage<?>> {

        private final AtomicBoolean armed = new AtomicBoolean();
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            Object result = chain.proceed();
            if (unitOfWork.getMessage().getPayload() instanceof TripCommandBatch batch
                    && batch.commands().stream().anyMatch(entry -> entry.command() instanceof HoldSeatsCommand hold
                    && hold.actor().value().equals("staller")) && armed.compareAndSet(true, false)) {
                entered.countDown();
                released.await(30, TimeUnit.SECONDS);
            }
            return result;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StallingNode {

        @Bean
        Stall stall() {
            return new Stall();
        }

        @Bean
        InitializingBean stallCommands(CommandBus commandBus, Stall stall) {
            return () -> commandBus.registerHandlerInterceptor(stall);
        }
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

    /**
     * A command is answered before the read models show it; the same user's next read, on whichever node,
     * waits until they do. Each read here follows its write at once, on the other node.
     */
    @Test
    void aUsersReadOnTheOtherNodeRightAfterTheirWriteShowsIt() {
        ApiClient[] nodes = {new ApiClient(port(node1)), new ApiClient(port(node2))};
        String trip = "cluster-own-writes";
        assertThat(nodes[0].createTrip(nodes[0].token("admin", "ADMIN"), trip, 4, 5).status()).isEqualTo(201);
        String carol = nodes[0].token("carol");
        for (int i = 0; i < 20; i++) {
            ApiClient writer = nodes[i % 2];
            ApiClient reader = nodes[(i + 1) % 2];
            String seat = (i / 5 + 1) + String.valueOf((char) ('A' + i % 5));
            assertThat(writer.post("/api/trips/" + trip + "/holds", carol, Map.of("seats", List.of(seat))).status())
                    .isEqualTo(201);
            assertThat(reader.get("/api/holds", carol).body().findValues("seats").toString())
                    .as("carol's holds right after holding %s", seat).contains(seat);
            JsonNode map = reader.get("/api/trips/" + trip + "/seats", carol).body();
            assertThat(map.at("/seats/" + i + "/label").asText()).isEqualTo(seat);
            assertThat(map.at("/seats/" + i + "/heldByMe").asBoolean()).as("%s held by carol", seat).isTrue();
        }
    }

    /**
     * An admin's cancellation is the owner's news too: the owner, told of it, reads their booking and the
     * trip's seats on the other node right away and finds them cancelled and free.
     */
    @Test
    void anOwnersReadOnTheOtherNodeRightAfterAnAdminCancelledTheirBookingShowsIt() {
        ApiClient[] nodes = {new ApiClient(port(node1)), new ApiClient(port(node2))};
        String trip = "cluster-admin-cancels";
        String admin = nodes[0].token("admin", "ADMIN");
        assertThat(nodes[0].createTrip(admin, trip, 2, 5).status()).isEqualTo(201);
        String dave = nodes[0].token("dave");
        for (int i = 0; i < 10; i++) {
            String seat = (i / 5 + 1) + String.valueOf((char) ('A' + i % 5));
            assertThat(nodes[0].post("/api/trips/" + trip + "/holds", dave, Map.of("seats", List.of(seat))).status())
                    .isEqualTo(201);
            ApiClient.Response booked = nodes[0].post("/api/bookings", dave, ApiClient.booking(trip, List.of(seat)));
            assertThat(booked.status()).isEqualTo(201);
            String reference = booked.body().get("reference").asText();
            // dave's own reads have caught up before the admin steps in, so only the cancellation is awaited
            assertThat(nodes[1].get("/api/bookings/" + reference, dave).body().get("status").asText())
                    .isEqualTo("confirmed");

            ApiClient canceller = nodes[i % 2];
            ApiClient reader = nodes[(i + 1) % 2];
            assertThat(canceller.post("/api/bookings/" + reference + "/cancel", admin, null).status()).isEqualTo(200);
            assertThat(reader.get("/api/bookings/" + reference, dave).body().get("status").asText())
                    .as("booking %s of seat %s, read by its owner right after the admin cancelled it", reference, seat)
                    .isEqualTo("cancelled");
            JsonNode map = reader.get("/api/trips/" + trip + "/seats", dave).body();
            assertThat(map.at("/seats/" + i + "/label").asText()).isEqualTo(seat);
            assertThat(map.at("/seats/" + i + "/status").asText()).as("%s after the cancellation", seat)
                    .isEqualTo("available");
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

    @Test
    void aWriterWhoseLockLeaseRanOutIsRejectedByTheEventStoreAndCannotDoubleBook() throws Exception {
        ApiClient api1 = new ApiClient(port(node1));
        ApiClient api2 = new ApiClient(port(node2));
        String admin = api2.token("admin", "ADMIN");
        String trip = "stale-lock-trip";
        assertThat(api2.createTrip(admin, trip, 2, 2).status()).isEqualTo(201);
        String staller = api1.token("staller");
        String bob = api2.token("bob");
        String holds = "/api/trips/" + trip + "/holds";
        Stall stall = node1.getBean(Stall.class);
        stall.armed.set(true);

        CompletableFuture<ApiClient.Response> stale = CompletableFuture.supplyAsync(() ->
                api1.post(holds, staller, Map.of("seats", List.of("1A"))));
        assertThat(stall.entered.await(30, TimeUnit.SECONDS)).as("node 1 decided 1A is free and stalled").isTrue();
        // node 1 still believes it holds the trip's lock; its 1-s lease runs out and node 2 gets in
        ApiClient.Response fresh = api2.post(holds, bob, Map.of("seats", List.of("1A")));
        assertThat(fresh.status()).as("bob on node 2: %s", fresh).isEqualTo(201);
        stall.released.countDown();

        ApiClient.Response staleAnswer = stale.get(60, TimeUnit.SECONDS);
        assertThat(staleAnswer.status()).as("the stale writer: %s", staleAnswer).isEqualTo(409);
        assertThat(staleAnswer.code()).isEqualTo("seat_held");
        EventStoreFold fold = EventStoreFold.of(node2.getBean(EventStore.class), trip);
        assertThat(fold.violations).isEmpty();
        assertThat(fold.status.get("1A")).isEqualTo("held");
        assertThat(fold.owner.get("1A")).isEqualTo("bob");
        assertThat(fold.position).as("schedule and one hold").isEqualTo(1);
        for (ApiClient node : List.of(api1, api2)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode seat = node.get("/api/trips/" + trip + "/seats?status=held", bob).body().get("seats");
                assertThat(seat.findValuesAsText("label")).containsExactly("1A");
                assertThat(seat.get(0).path("heldByMe").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void twoNodesWritingOneTripFastFeedEveryEventToTheProjectionsExactlyOnce() throws Exception {
        ApiClient[] nodes = {new ApiClient(port(node1)), new ApiClient(port(node2))};
        String admin = nodes[0].token("admin", "ADMIN");
        String trip = "busy-cluster-trip";
        assertThat(nodes[0].createTrip(admin, trip, 4, 10).status()).isEqualTo(201);
        List<String> labels = new ArrayList<>();
        for (int row = 1; row <= 4; row++) {
            for (char column = 'A'; column < 'A' + 10; column++) {
                labels.add(row + String.valueOf(column));
            }
        }
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            users.add(nodes[0].token("busy-" + i));
        }

        try (StompTestClient on1 = StompTestClient.connect(port(node1), users.get(0));
             StompTestClient on2 = StompTestClient.connect(port(node2), users.get(1))) {
            List<BlockingQueue<JsonNode>> feeds = List.of(on1.subscribe("/topic/trips/" + trip + "/seats"),
                    on2.subscribe("/topic/trips/" + trip + "/seats"));
            ExecutorService pool = Executors.newFixedThreadPool(users.size());
            List<Future<Integer>> work = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                ApiClient node = nodes[i % 2];
                String user = users.get(i);
                Random random = new Random(i);
                work.add(pool.submit(() -> {
                    int written = 0;
                    for (int n = 0; n < 40; n++) {
                        List<String> seats = List.of(labels.get(random.nextInt(labels.size())));
                        ApiClient.Response held = node.post("/api/trips/" + trip + "/holds", user, Map.of("seats", seats));
                        assertThat(held.status()).as("hold %s", held).isIn(201, 409);
                        if (held.status() == 201) {
                            written++;
                            assertThat(node.delete("/api/trips/" + trip + "/holds", user, Map.of("seats", seats))
                                    .status()).isEqualTo(200);
                            written++;
                        }
                    }
                    return written;
                }));
            }
            int written = 0;
            for (Future<Integer> future : work) {
                written += future.get(3, TimeUnit.MINUTES);
            }
            pool.shutdown();

            EventStoreFold fold = EventStoreFold.of(node1.getBean(EventStore.class), trip);
            assertThat(fold.violations).isEmpty();
            assertThat(fold.position).as("the schedule and every answered change").isEqualTo(written);
            for (ApiClient node : nodes) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode summary = node.get("/api/trips/" + trip, null).body();
                    assertThat(summary.get("position").asLong()).isEqualTo(fold.position);
                    assertThat(summary.get("available").asInt()).isEqualTo(40);
                    assertThat(summary.get("held").asInt()).isZero();
                    Map<String, String> seatMap = new java.util.LinkedHashMap<>();
                    node.get("/api/trips/" + trip + "/seats", admin).body().get("seats")
                            .forEach(seat -> seatMap.put(seat.get("label").asText(), seat.get("status").asText()));
                    assertThat(seatMap).as("the seat map equals the event store").isEqualTo(fold.status);
                });
            }
            for (BlockingQueue<JsonNode> feed : feeds) {
                List<JsonNode> received = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    feed.drainTo(received);
                    return !received.isEmpty() && received.get(received.size() - 1).get("position").asLong() == fold.position;
                });
                // Every change once and in order. A change may be replaced by a fresh snapshot when its
                // announcement was overtaken (a segment handed between nodes mid-batch announces twice,
                // from both); the snapshot then carries it, so nothing is lost either way.
                long previous = -1;
                for (JsonNode message : received) {
                    long position = message.get("position").asLong();
                    assertThat(position).as("after %s on feed %s: never back, never twice", previous, feeds.indexOf(feed))
                            .isGreaterThan(previous);
                    if (previous >= 0 && message.get("type").asText().equals("seats.changed")) {
                        assertThat(position).as("after %s on feed %s: no change skipped", previous, feeds.indexOf(feed))
                                .isEqualTo(previous + 1);
                    }
                    previous = position;
                }
            }
        }
    }

    @Test
    void anEventStoredSecondsAfterItsTimestampStillReachesTheProjections() {
        ApiClient api = new ApiClient(port(node2));
        String admin = api.token("admin", "ADMIN");
        String trip = "late-event-trip";
        assertThat(api.createTrip(admin, trip, 2, 2).status()).isEqualTo(201);
        String alice = api.token("alice");
        assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A"))).status()).isEqualTo(201);

        // an append that waited 3 s in a busy MongoDB: stamped when applied, stored after newer events
        Instant stamped = Instant.now().minusSeconds(3);
        StoredLate.hold(node1.getBean(EventStore.class), trip, 2, "2B", stamped);

        for (ApiClient node : List.of(new ApiClient(port(node1)), api)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(node.get("/api/trips/" + trip
                    + "/seats?status=held", alice).body().get("seats").findValuesAsText("label")).containsExactlyInAnyOrder("1A", "2B"));
        }
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
