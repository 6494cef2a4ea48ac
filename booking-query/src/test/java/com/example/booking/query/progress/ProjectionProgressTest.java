package com.example.booking.query.progress;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes on a real MongoDB-wire server: a waiting answer is released by progress made on its own
 * node and by progress another node stored, and gives up at its timeout.
 */
class ProjectionProgressTest {

    static final List<String> LIVE = List.of("seat-maps@a", "holds@a");

    MongoServer server;
    MongoClient client;
    ProjectionProgress thisNode;
    ProjectionProgress otherNode;
    ExecutorService waiters;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        MongoTemplate mongo = new MongoTemplate(client, "test");
        thisNode = new ProjectionProgress(mongo, () -> LIVE);
        otherNode = new ProjectionProgress(mongo, () -> LIVE);
        waiters = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        waiters.shutdownNow();
        thisNode.close();
        otherNode.close();
        client.close();
        server.shutdownNow();
    }

    @Test
    void aWaiterIsReleasedOnlyWhenEveryLiveProjectionShowsThePosition() throws Exception {
        Future<Boolean> waiting = waiters.submit(() -> thisNode.awaitTrip("bus-7", 3, Duration.ofSeconds(20)));
        thisNode.advance("seat-maps@a", "bus-7", 3);
        thisNode.advance("holds@a", "bus-7", 2);

        // one projection is still a step behind: the waiter must stay, also past a poll of MongoDB
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        thisNode.advance("holds@a", "bus-7", 3);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitersOfOneTripAreReleasedByTheirOwnPositionsOnly() throws Exception {
        List<Future<Boolean>> waiting = new ArrayList<>();
        for (long position = 1; position <= 6; position++) {
            long awaited = position;
            waiting.add(waiters.submit(() -> thisNode.awaitTrip("bus-7", awaited, Duration.ofSeconds(20))));
        }

        LIVE.forEach(group -> thisNode.advance(group, "bus-7", 3));

        for (Future<Boolean> answer : waiting.subList(0, 3)) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> waiting.subList(3, 6).stream().noneMatch(Future::isDone));
        LIVE.forEach(group -> thisNode.advance(group, "bus-7", 6));
        for (Future<Boolean> answer : waiting.subList(3, 6)) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyWaiterIsReleasedWhileProjectionsAdvanceConcurrently() throws Exception {
        int positions = 300;
        List<Future<Boolean>> waiting = new ArrayList<>();
        List<Future<?>> projections = new ArrayList<>();
        for (String group : LIVE) {
            projections.add(waiters.submit(() -> {
                for (long position = 1; position <= positions; position++) {
                    thisNode.advance(group, "bus-7", position);
                }
            }));
        }
        for (long position = 1; position <= positions; position++) {
            long awaited = position;
            waiting.add(waiters.submit(() -> thisNode.awaitTrip("bus-7", awaited, Duration.ofSeconds(30))));
        }

        for (Future<?> projection : projections) {
            projection.get(20, TimeUnit.SECONDS);
        }
        // the waits are far longer than this: a waiter that missed its wake-up is still waiting here
        for (Future<Boolean> answer : waiting) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void waitersAreReleasedByProgressAnotherNodeStored() throws Exception {
        List<Future<Boolean>> waiting = new ArrayList<>();
        for (int trip = 0; trip < 50; trip++) {
            String tripId = "trip-" + trip;
            waiting.add(waiters.submit(() -> thisNode.awaitTrip(tripId, 7, Duration.ofSeconds(20))));
        }
        for (int trip = 0; trip < 50; trip++) {
            for (String group : LIVE) {
                otherNode.advance(group, "trip-" + trip, 7);
            }
        }

        // the poller reads other nodes' progress every 200 ms: well within this deadline, far within the waits'
        for (Future<Boolean> answer : waiting) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aWaiterGivesUpAtItsTimeout() {
        thisNode.advance("seat-maps@a", "bus-7", 9);

        long start = System.nanoTime();
        boolean reached = thisNode.awaitTrip("bus-7", 9, Duration.ofMillis(600));

        assertThat(reached).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(550), Duration.ofSeconds(5));
    }

    @Test
    void progressMadeBeforeTheWaitIsFound() {
        for (String group : LIVE) {
            otherNode.advance(group, "bus-7", 4);
        }

        assertThat(thisNode.awaitTrip("bus-7", 4, Duration.ofSeconds(5))).isTrue();
        assertThat(otherNode.awaitTrip("bus-7", 4, Duration.ZERO)).isTrue();
    }
}
