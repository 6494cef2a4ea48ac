package com.example.booking.command.cache;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real redis-server: a node drops its cached trip exactly when another node has changed it. */
class TripVersionsTest {

    static RedisServer server;
    static LettuceConnectionFactory connections;
    static StringRedisTemplate redis;

    @BeforeAll
    static void startRedis() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
        server.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        redis = new StringRedisTemplate(connections);
        redis.afterPropertiesSet();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        connections.destroy();
        server.stop();
    }

    @Test
    void aTripChangedByAnotherNodeIsEvictedAndAnUnchangedOneIsKept() {
        RecentTrips cacheOfNodeA = new RecentTrips(10);
        TripVersions nodeA = new TripVersions(redis, cacheOfNodeA);
        TripVersions nodeB = new TripVersions(redis, new RecentTrips(10));
        String trip = "trip-" + System.nanoTime();

        nodeA.committed(trip, 3);
        cacheOfNodeA.put(trip, "state at 3");
        nodeA.refresh(trip);
        assertThat(cacheOfNodeA.containsKey(trip)).as("unchanged trip stays cached").isTrue();

        nodeB.committed(trip, 4);
        nodeA.refresh(trip);
        assertThat(cacheOfNodeA.containsKey(trip)).as("trip changed elsewhere is evicted").isFalse();

        cacheOfNodeA.put(trip, "state at 4");
        nodeA.refresh(trip);
        assertThat(cacheOfNodeA.containsKey(trip)).as("after the reload the version is known").isTrue();
    }

    @Test
    void aTripWithoutAPublishedVersionIsAlwaysLoadedAfresh() {
        RecentTrips cache = new RecentTrips(10);
        TripVersions node = new TripVersions(redis, cache);
        cache.put("never-published", "state");

        node.refresh("never-published");

        assertThat(cache.containsKey("never-published")).isFalse();
    }

    /**
     * Redis can go away between taking the trip's lock and this read (seen as a 500 in RedisOutageTest).
     * Without the published version the cached trip may be stale, so it is loaded afresh; the command
     * itself still runs, under the lock it holds.
     */
    @Test
    void aTripWhoseVersionCannotBeReadIsLoadedAfresh() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LettuceConnectionFactory unreachable = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", closedPort));
        unreachable.afterPropertiesSet();
        try {
            StringRedisTemplate down = new StringRedisTemplate(unreachable);
            down.afterPropertiesSet();
            RecentTrips cache = new RecentTrips(10);
            TripVersions node = new TripVersions(down, cache);
            node.committed("cut-off", 3);
            cache.put("cut-off", "state at 3");

            node.refresh("cut-off");

            assertThat(cache.containsKey("cut-off")).isFalse();
        } finally {
            unreachable.destroy();
        }
    }
}
