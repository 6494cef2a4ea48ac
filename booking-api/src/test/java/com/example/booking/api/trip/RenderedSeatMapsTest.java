package com.example.booking.api.trip;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.shared.UserId;
import com.example.booking.shared.seat.SeatMapView;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

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
                assertThat(new String(answer.answerFor(reader), StandardCharsets.UTF_8))
                        .as("position %d, reader %s", position, reader)
                        .isEqualTo(json.writeValueAsString(TripController.plainSeats(map, reader)));
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
