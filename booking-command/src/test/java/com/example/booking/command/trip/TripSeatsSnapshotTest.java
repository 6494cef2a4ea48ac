package com.example.booking.command.trip;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(json).build();

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

    /** Alice's hold and booking carry nanoseconds, as events stored before instants were cut to milliseconds do. */
    private static final Object[] HOLDS_AND_A_BOOKING = {scheduled(),
            held(HOLD_1, ALICE, T0.plusNanos(123_456_789), TEN_MINUTES, "1A", "1B"),
            confirmed(ALICE, T0.plusNanos(123_456_789), new BigDecimal("15.00"), List.of(), "1A"),
            held(HOLD_2, BOB, T0, TEN_MINUTES, "1C")};

    @Test
    void aTripWithHoldsAndBookingsRoundTripsThroughItsSnapshot() {
        AtomicReference<TripSeats> state = new AtomicReference<>(stateAfter(HOLDS_AND_A_BOOKING));

        SerializedObject<byte[]> snapshot = serializer.serialize(state.get(), byte[].class);
        TripSeats restored = serializer.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().ignoringFields("seatIndex", "holdOfSeat")
                .isEqualTo(state.get());
    }

    /** The form that keeps a large trip's load short: no id as a field name, no instant to parse as a date. */
    @Test
    void holdsAndBookingsAreStoredAsListsWithInstantsAsSeconds() throws Exception {
        JsonNode snapshot = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(serializer.serialize(stateAfter(HOLDS_AND_A_BOOKING), byte[].class).getData());

        assertThat(snapshot.get("holds").isArray()).isTrue();
        assertThat(snapshot.get("bookings").isArray()).isTrue();
        JsonNode booking = snapshot.get("bookings").get(0);
        assertThat(booking.get("reference").asText()).isEqualTo(REF.value());
        assertThat(booking.get("confirmedAt").decimalValue()).isEqualByComparingTo(T0.getEpochSecond() + ".123456789");
        assertThat(snapshot.get("holds").findValues("expiresAt")).allMatch(JsonNode::isNumber);
    }

    @Test
    void snapshotsCarryTheRevisionOfTheirForm() {
        assertThat(serializer.serialize(stateAfter(scheduled()), byte[].class).getType().getRevision())
                .isEqualTo(TripSeats.SNAPSHOT_REVISION);
    }

    /** A node reads its own form and the earlier unrevised one, and passes over forms of newer nodes. */
    @Test
    void onlySnapshotsOfKnownFormsAreRead() {
        ReadableSnapshots readable = new ReadableSnapshots();

        assertThat(readable.test(snapshot(TripSeats.class.getName(), TripSeats.SNAPSHOT_REVISION))).isTrue();
        assertThat(readable.test(snapshot(TripSeats.class.getName(), null))).isTrue();
        assertThat(readable.test(snapshot(TripSeats.class.getName(), "3"))).isFalse();
        assertThat(readable.test(snapshot("some.other.Aggregate", "7"))).isTrue();
    }

    private static DomainEventData<byte[]> snapshot(String payloadType, String revision) {
        return new GenericDomainEventEntry<>("TripSeats", TRIP.value(), 4, "snapshot-1", T0, payloadType, revision,
                "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** Snapshots already stored keep loading: holds and bookings as objects keyed by id, instants as text. */
    @Test
    void aSnapshotStoredKeyedByIdStillLoads() throws Exception {
        byte[] stored = getClass().getResourceAsStream("/snapshots/trip-seats-keyed-by-id.json").readAllBytes();

        TripSeats restored = serializer.deserialize(
                new SimpleSerializedObject<>(stored, byte[].class, TripSeats.class.getName(), null));

        assertThat(restored).usingRecursiveComparison().ignoringFields("seatIndex", "holdOfSeat")
                .isEqualTo(stateAfter(HOLDS_AND_A_BOOKING));
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
