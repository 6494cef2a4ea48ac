package com.example.booking.command.trip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static com.example.booking.command.trip.TripTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A trip survives its snapshot: serialised as the application does it (JSON), it comes back the same. */
class TripSeatsSnapshotTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
            .build();

    /** The state of a trip after {@code events}, taken from the fixture by a command that changes nothing. */
    private static TripSeats stateAfter(Object... events) {
        AggregateTestFixture<TripSeats> fixture = new AggregateTestFixture<>(TripSeats.class);
        fixture.registerCommandTargetResolver(command ->
                new VersionedAggregateIdentifier(((TripCommand) command.getPayload()).tripId().value(), null));
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        AtomicReference<TripSeats> state = new AtomicReference<>();
        fixture.given(events)
                .when(new UnblockSeatsCommand(TRIP, ADMIN, List.of("1A"), "nothing to unblock"))
                .expectNoEvents()
                .expectState(state::set);
        return state.get();
    }

    @Test
    void aTripWithHoldsAndBookingsRoundTripsThroughItsSnapshot() {
        AtomicReference<TripSeats> state = new AtomicReference<>(stateAfter(scheduled(),
                held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A", "1B"),
                confirmed(ALICE, T0, new BigDecimal("15.00"), List.of(), "1A"),
                held(HOLD_2, BOB, T0, TEN_MINUTES, "1C")));

        SerializedObject<byte[]> snapshot = serializer.serialize(state.get(), byte[].class);
        TripSeats restored = serializer.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().ignoringFields("seatIndex", "holdOfSeat")
                .isEqualTo(state.get());
    }

    @Test
    void aTripOfOneHundredThousandSeatsHasASnapshotFarBelowMongosDocumentLimit() {
        AtomicReference<TripSeats> state = new AtomicReference<>(stateAfter(scheduledWithLayout(1000, 100),
                held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A")));

        byte[] snapshot = serializer.serialize(state.get(), byte[].class).getData();

        assertThat(snapshot.length).isLessThan(4 * 1024 * 1024);
        TripSeats restored = serializer.deserialize(serializer.serialize(state.get(), byte[].class));
        assertThat(restored).usingRecursiveComparison().ignoringFields("seatIndex", "holdOfSeat")
                .isEqualTo(state.get());
    }
}
