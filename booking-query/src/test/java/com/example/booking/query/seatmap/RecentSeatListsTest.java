package com.example.booking.query.seatmap;

import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class RecentSeatListsTest {

    private final MongoTemplate slot = mock(MongoTemplate.class);
    private final RecentSeatLists recent = new RecentSeatLists(8);

    @Test
    void readersArrivingTogetherShareOneFetch() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService readers = Executors.newFixedThreadPool(16);
        List<Future<RecentSeatLists.Snapshot>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(readers.submit(() -> {
                start.await();
                return recent.seats(slot, "trip", 7, () -> {
                    fetches.incrementAndGet();
                    return List.of(seat("1A", 7));
                });
            }));
        }
        start.countDown();
        for (Future<RecentSeatLists.Snapshot> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).seats()).extracting(SeatDocument::label).containsExactly("1A");
        }
        readers.shutdown();

        assertThat(fetches).hasValue(1);
    }

    @Test
    void aNewerSnapshotServesAnOlderPositionButNotTheOtherWayRound() {
        recent.seats(slot, "trip", 9, () -> List.of(seat("1A", 9)));

        assertThat(recent.seats(slot, "trip", 5, () -> List.of(seat("1A", 5))).position()).isEqualTo(9);
        assertThat(recent.seats(slot, "trip", 12, () -> List.of(seat("1A", 12))).position()).isEqualTo(12);
        assertThat(recent.seats(mock(MongoTemplate.class), "trip", 12, () -> List.of(seat("1A", 3))).position())
                .as("another slot").isEqualTo(12);
    }

    @Test
    void seatsNewerThanTheTripMeanReadAgainAndAreNotKept() {
        assertThat(recent.seats(slot, "trip", 4, () -> List.of(seat("1A", 5)))).isNull();

        assertThat(recent.seats(slot, "trip", 4, () -> List.of(seat("1A", 4))).seats())
                .extracting(SeatDocument::position).containsExactly(4L);
    }

    private static SeatDocument seat(String label, long position) {
        return new SeatDocument("trip|" + label, "trip", 0, label, "available", "std", "10.00", 1, 1, 0, 0,
                null, null, null, position);
    }
}
