package com.example.booking.api.web;

import com.example.booking.api.infra.LocalRedis;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a user's reads wait for, as kept in a real redis-server. */
class OwnWritesTest {

    @AutoClose
    static final LocalRedis redis = LocalRedis.started();

    /** The trips and positions reads waited for, in order; the read models' side is the application tests' part. */
    private final List<String> awaited = new CopyOnWriteArrayList<>();

    private OwnWrites ownWrites(Duration remembered) {
        StringRedisTemplate template = new StringRedisTemplate(redis.connections());
        template.afterPropertiesSet();
        return new OwnWrites(template, (trip, position, timeout) -> awaited.add(trip + "@" + position),
                Duration.ofMillis(100), remembered, new SimpleMeterRegistry());
    }

    /** A user of this test only: the Redis server is shared by the tests. */
    private static UserId someone() {
        return new UserId("u-" + UUID.randomUUID());
    }

    @Test
    void aUsersLatestPositionOfEachTripOnlyRisesThoughAnswersArriveOutOfOrder() {
        OwnWrites writes = ownWrites(Duration.ofSeconds(30));
        UserId user = someone();

        writes.wrote(user, new TripId("trip-a"), 7);
        writes.wrote(user, new TripId("trip-a"), 5);
        writes.wrote(user, new TripId("trip-b"), 3);

        assertThat(writes.latest(user)).isEqualTo(Map.of("trip-a", 7L, "trip-b", 3L));
        assertThat(writes.latest(new UserId("someone-else"))).isEmpty();
    }

    @Test
    void theyAreForgottenOnceTheTimeTheyAreRememberedIsOver() {
        OwnWrites writes = ownWrites(Duration.ofMillis(300));
        UserId user = someone();

        writes.wrote(user, new TripId("trip-a"), 1);

        assertThat(writes.latest(user)).containsEntry("trip-a", 1L);
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.latest(user).isEmpty());
    }

    @Test
    void aReadOfOneTripWaitsForTheUsersWritesOfThatTripOnly() {
        OwnWrites writes = ownWrites(Duration.ofSeconds(30));
        UserId user = someone();
        writes.wrote(user, new TripId("trip-a"), 7);
        writes.wrote(user, new TripId("trip-b"), 3);
        assertThat(writes.awaitFor(user, new TripId("trip-b"))).isTrue();
        assertThat(awaited).containsExactly("trip-b@3");

        awaited.clear();
        assertThat(writes.awaitFor(user, new TripId("trip-c"))).as("no writes of that trip: nothing to wait for").isTrue();
        assertThat(awaited).isEmpty();

        assertThat(writes.awaitFor(user)).isTrue();
        assertThat(awaited).containsExactlyInAnyOrder("trip-a@7", "trip-b@3");
    }
}
