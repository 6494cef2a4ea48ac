package com.example.booking.api.trip;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.shared.UserId;
import com.example.booking.shared.seat.SeatMapView;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kept, seat-by-seat rendering of a seat map answers exactly what the plain path answers, for the
 * holder, another user and an anonymous reader, as the map changes; unchanged seats are not rendered again.
 */
class RenderedSeatMapsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final List<String> USERS = List.of("alice", "bob", "carol");

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final RenderedSeatMaps rendered = new RenderedSeatMaps(json);

    @Test
    void answersAsThePlainPathDoesForEveryReaderAsTheMapChanges() throws Exception {
        Random random = new Random(7);
        List<SeatMapView.Seat> seats = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seats.add(free(i));
        }
        for (long position = 1; position <= 30; position++) {
            for (int change = 0; change < 5; change++) {
                int i = random.nextInt(seats.size());
                seats.set(i, switch (random.nextInt(3)) {
                    case 0 -> free(i);
                    case 1 -> held(i, USERS.get(random.nextInt(USERS.size())), T0.plusSeconds(60 + random.nextInt(600)));
                    default -> booked(i);
                });
            }
            SeatMapView map = new SeatMapView("bus-42", position, List.copyOf(seats));
            RenderedSeatMaps.Rendered answer = rendered.render(map);
            for (CurrentUser reader : Arrays.asList(user("alice"), user("bob"), null)) {
                RenderedSeatMaps.SeatMapAnswer seatMap = answer.answerFor(reader, seat -> true);
                ByteArrayOutputStream written = new ByteArrayOutputStream();
                seatMap.writeTo(written);
                assertThat(written.toString(StandardCharsets.UTF_8))
                        .as("position %d, reader %s", position, reader)
                        .isEqualTo(json.writeValueAsString(TripController.plainSeats(map, reader)));
                assertThat(seatMap.length()).as("its Content-Length").isEqualTo(written.size());

                // a status or a viewport picks the seats the query side would have answered
                String status = List.of("available", "held", "booked").get(random.nextInt(3));
                double x = random.nextInt(10);
                double y = random.nextInt(20);
                Predicate<SeatMapView.Seat> shown = seat -> seat.status().equals(status)
                        && seat.x() >= x && seat.x() <= x + 3 && seat.y() >= y && seat.y() <= y + 5;
                RenderedSeatMaps.SeatMapAnswer filtered = answer.answerFor(reader, shown);
                ByteArrayOutputStream part = new ByteArrayOutputStream();
                filtered.writeTo(part);
                assertThat(part.toString(StandardCharsets.UTF_8))
                        .as("position %d, reader %s, %s seats from (%s, %s)", position, reader, status, x, y)
                        .isEqualTo(json.writeValueAsString(TripController.plainSeats(new SeatMapView("bus-42", position,
                                map.seats().stream().filter(shown).toList()), reader)));
                assertThat(filtered.length()).isEqualTo(part.size());
            }
        }
    }

    @Test
    void keepsTheJsonOfUnchangedSeatsAndIsCurrentUntilAHoldLapses() {
        List<SeatMapView.Seat> seats = new ArrayList<>(List.of(free(0), held(1, "alice", T0.plusSeconds(600)), free(2)));
        RenderedSeatMaps.Rendered first = rendered.render(new SeatMapView("bus-42", 1, List.copyOf(seats)));
        seats.set(2, booked(2));
        RenderedSeatMaps.Rendered second = rendered.render(new SeatMapView("bus-42", 2, List.copyOf(seats)));

        assertThat(second.pieces()[0]).isSameAs(first.pieces()[0]);
        assertThat(second.pieces()[1]).isSameAs(first.pieces()[1]);
        assertThat(second.pieces()[2]).isNotSameAs(first.pieces()[2]);
        assertThat(rendered.current("bus-42", 2, T0)).isSameAs(second);
        assertThat(rendered.current("bus-42", 3, T0)).as("the trip moved on").isNull();
        assertThat(rendered.current("bus-42", 2, T0.plusSeconds(600))).as("alice's hold lapsed").isNull();
    }

    @Test
    void readersOfAMapBeingRenderedShareThatRendering() throws Exception {
        SeatMapView map = new SeatMapView("bus-42", 5, List.of(free(0), held(1, "alice", T0.plusSeconds(600))));
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch answer = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        List<RenderedSeatMaps.Rendered> got = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            Thread reader = new Thread(() -> got.add(rendered.currentOrRender("bus-42", 5, T0, () -> {
                reads.incrementAndGet();
                await(answer);
                return map;
            })));
            readers.add(reader);
            reader.start();
        }
        // every reader is parked: on the MongoDB read, or waiting for the one that reads
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> readers.stream().allMatch(RenderedSeatMapsTest::parked));
        answer.countDown();
        for (Thread reader : readers) {
            reader.join(10_000);
        }

        assertThat(reads).as("reads of the map from the read model").hasValue(1);
        assertThat(got).hasSize(20).allSatisfy(rendering -> assertThat(rendering).isSameAs(got.get(0)));
    }

    @Test
    void waitersGetTheRenderingsFailureAndTheNextReaderTriesAgain() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread first = new Thread(() -> catching(failures, () -> rendered.currentOrRender("bus-42", 1, T0, () -> {
            await(answer);
            throw new IllegalStateException("read model away");
        })));
        first.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parked(first));
        Thread second = new Thread(() -> catching(failures, () -> rendered.currentOrRender("bus-42", 1, T0, () -> {
            throw new AssertionError("joins the running rendering instead");
        })));
        second.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parked(second));
        answer.countDown();
        first.join(10_000);
        second.join(10_000);

        assertThat(failures).hasSize(2).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(IllegalStateException.class).hasMessage("read model away"));
        SeatMapView map = new SeatMapView("bus-42", 1, List.of(free(0)));
        assertThat(rendered.currentOrRender("bus-42", 1, T0, () -> map).seats()).isEqualTo(map.seats());
    }

    private static boolean parked(Thread thread) {
        return thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING;
    }

    @Test
    void aTripReadOftenStaysKeptWhileManyOthersPassThroughTheBound() {
        RenderedSeatMaps bounded = new RenderedSeatMaps(json, 1_000);
        RenderedSeatMaps.Rendered hot = bounded.render(trip("hot", 100));
        for (int i = 0; i < 50; i++) {
            for (int read = 0; read < 3; read++) {
                assertThat(bounded.current("hot", 1, T0)).as("after %d other trips", i).isSameAs(hot);
            }
            bounded.render(trip("other-" + i, 100));
        }

        int keptSeats = 100;
        for (int i = 0; i < 50; i++) {
            keptSeats += bounded.current("other-" + i, 1, T0) == null ? 0 : 100;
        }
        assertThat(keptSeats).as("seats kept, the hot trip's among them").isLessThanOrEqualTo(1_000);
    }

    private static SeatMapView trip(String tripId, int seats) {
        List<SeatMapView.Seat> free = new ArrayList<>(seats);
        for (int i = 0; i < seats; i++) {
            free.add(free(i));
        }
        return new SeatMapView(tripId, 1, free);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void catching(List<Throwable> failures, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }

    private static CurrentUser user(String id) {
        return new CurrentUser(new UserId(id), false);
    }

    private static SeatMapView.Seat free(int i) {
        return new SeatMapView.Seat(label(i), "available", "std", new BigDecimal("12.50"), i / 10 + 1, i % 10 + 1,
                i % 10, i / 10, null, null);
    }

    private static SeatMapView.Seat held(int i, String holder, Instant expiresAt) {
        return new SeatMapView.Seat(label(i), "held", "std", new BigDecimal("12.50"), i / 10 + 1, i % 10 + 1,
                i % 10, i / 10, expiresAt, holder);
    }

    private static SeatMapView.Seat booked(int i) {
        return new SeatMapView.Seat(label(i), "booked", "std", new BigDecimal("12.50"), i / 10 + 1, i % 10 + 1,
                i % 10, i / 10, null, null);
    }

    private static String label(int i) {
        return (i / 10 + 1) + String.valueOf((char) ('A' + i % 10));
    }
}
