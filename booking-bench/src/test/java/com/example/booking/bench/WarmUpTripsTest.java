package com.example.booking.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarmUpTripsTest {

    private final List<Integer> asked = new CopyOnWriteArrayList<>();

    private Set<String> picked(WarmUpTrips trips) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(trips.pick(i));
        }
        return seen;
    }

    @Test
    void aTripMostlyTakenIsReplacedOnceByAFreshOne() {
        try (WarmUpTrips trips = new WarmUpTrips(List.of("warm-0", "warm-1"), 100, n -> {
            asked.add(n);
            return "fresh-" + n;
        })) {
            trips.taken("warm-0", 79);
            assertThat(asked).isEmpty();

            trips.taken("warm-0", 1);
            trips.taken("warm-0", 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> picked(trips).contains("fresh-1"));
            assertThat(picked(trips)).containsExactlyInAnyOrder("fresh-1", "warm-1");
            assertThat(asked).containsExactly(1);
            assertThat(trips.replaced()).isEqualTo(1);
        }
    }

    @Test
    void aTripThatCannotBeMadeLeavesTheWarmUpOnTheTripsItHas() {
        List<String> attempts = new ArrayList<>();
        try (WarmUpTrips trips = new WarmUpTrips(List.of("warm-0"), 10, n -> {
            synchronized (attempts) {
                attempts.add("attempt " + n);
            }
            throw new IllegalStateException("service refused");
        })) {
            trips.taken("warm-0", 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (attempts) {
                    return attempts.size() == 1;
                }
            });
            assertThat(picked(trips)).containsExactly("warm-0");
        }
    }
}
