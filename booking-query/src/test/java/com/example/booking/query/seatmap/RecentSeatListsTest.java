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
                }, RecentSeatListsTest::noDelta);
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
        recent.seats(slot, "trip", 9, () -> List.of(seat("1A", 9)), RecentSeatListsTest::noDelta);

        assertThat(recent.seats(slot, "trip", 5, () -> List.of(seat("1A", 5)), RecentSeatListsTest::noDelta).position())
                .isEqualTo(9);
        assertThat(recent.seats(slot, "trip", 12, RecentSeatListsTest::noFullRead,
                since -> List.of(seat("1A", 12))).position()).isEqualTo(12);
        assertThat(recent.seats(mock(MongoTemplate.class), "trip", 12, () -> List.of(seat("1A", 3)),
                RecentSeatListsTest::noDelta).position()).as("another slot, read whole").isEqualTo(12);
    }

    @Test
    void aChangedTripIsBroughtUpToDateWithItsChangedSeatsOnly() {
        recent.seats(slot, "trip", 5, () -> List.of(seat("1A", 0, 5), seat("1B", 1, 4), seat("1C", 2, 5)),
                RecentSeatListsTest::noDelta);
        List<Long> asked = new ArrayList<>();

        RecentSeatLists.Snapshot updated = recent.seats(slot, "trip", 8, RecentSeatListsTest::noFullRead, since -> {
            asked.add(since);
            return List.of(seat("1B", 1, 8));
        });

        assertThat(asked).containsExactly(5L);
        assertThat(updated.position()).isEqualTo(8);
        assertThat(updated.seats()).extracting(SeatDocument::label).containsExactly("1A", "1B", "1C");
        assertThat(updated.seats()).extracting(SeatDocument::position).containsExactly(5L, 8L, 5L);
    }

    @Test
    void changedSeatsNewerThanTheTripMeanReadAgainAndKeepTheOlderList() {
        recent.seats(slot, "trip", 5, () -> List.of(seat("1A", 0, 5), seat("1B", 1, 5)), RecentSeatListsTest::noDelta);

        assertThat(recent.seats(slot, "trip", 6, RecentSeatListsTest::noFullRead,
                since -> List.of(seat("1A", 0, 6), seat("1B", 1, 7)))).isNull();
        assertThat(recent.seats(slot, "trip", 7, RecentSeatListsTest::noFullRead,
                since -> List.of(seat("1A", 0, 6), seat("1B", 1, 7))).seats())
                .extracting(SeatDocument::position).containsExactly(6L, 7L);
    }

    @Test
    void seatsNewerThanTheTripMeanReadAgainAndAreNotKept() {
        assertThat(recent.seats(slot, "trip", 4, () -> List.of(seat("1A", 5)), RecentSeatListsTest::noDelta)).isNull();

        assertThat(recent.seats(slot, "trip", 4, () -> List.of(seat("1A", 4)), RecentSeatListsTest::noDelta).seats())
                .extracting(SeatDocument::position).containsExactly(4L);
    }

    private static List<SeatDocument> noDelta(long since) {
        throw new AssertionError("no changed seats expected to be read");
    }

    private static List<SeatDocument> noFullRead() {
        throw new AssertionError("no whole read expected");
    }

    private static SeatDocument seat(String label, long position) {
        return seat(label, 0, position);
    }

    private static SeatDocument seat(String label, int idx, long position) {
        return new SeatDocument("trip|" + label, "trip", idx, label, "available", "std", "10.00", 1, 1, 0, 0,
                null, null, null, position);
    }
}
