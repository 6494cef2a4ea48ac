package com.example.booking.command.trip;

import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.batch.BatchOutcome;
import com.example.booking.shared.batch.TripCommandBatch;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.hold.HoldResult;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.example.booking.command.trip.TripTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Group commit: queued commands of one trip decided in one unit of work, each with its own outcome. */
class TripSeatsBatchTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private AggregateTestFixture<TripSeats> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TripSeats.class);
        fixture.registerCommandTargetResolver(command ->
                new VersionedAggregateIdentifier(((TripCommand) command.getPayload()).tripId().value(), null));
        fixture.registerInjectableResource(new SuppliedClock(() -> fixture.currentTime()));
    }

    private static TripCommandBatch.Entry entry(TripCommand command, String requestId) {
        return new TripCommandBatch.Entry(command, Map.of(AuditTrail.ACTOR, command.actor().value(),
                AuditTrail.CHANNEL, "REST", AuditTrail.REQUEST_ID, requestId));
    }

    @Test
    void laterCommandsOfABatchSeeTheEffectOfEarlierOnes() {
        fixture.givenCurrentTime(T0).andGiven(scheduled())
                .when(new TripCommandBatch(TRIP, List.of(
                        entry(hold(HOLD_1, ALICE, "1A"), "r1"),
                        entry(hold(HOLD_2, BOB, "1A", "1B"), "r2"),
                        entry(hold(HOLD_2, BOB, "1B"), "r3"))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A"), held(HOLD_2, BOB, T0, TEN_MINUTES, "1B"))
                .expectResultMessagePayloadMatching(new org.hamcrest.CustomTypeSafeMatcher<List<BatchOutcome>>(
                        "held, refused seat_held on 1A, held") {
                    @Override
                    protected boolean matchesSafely(List<BatchOutcome> outcomes) {
                        return outcomes.size() == 3
                                && outcomes.get(0).result() instanceof HoldResult first && first.position() == 1
                                && outcomes.get(1).rejection() != null
                                && rejected(ErrorCode.SEAT_HELD, "1A").matches(outcomes.get(1).rejection())
                                && outcomes.get(2).result() instanceof HoldResult third && third.position() == 2;
                    }
                });
    }

    @Test
    void eachEventCarriesTheOriginOfItsOwnCommand() {
        fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A"))
                .when(new TripCommandBatch(TRIP, List.of(
                        entry(hold(HOLD_2, BOB, "1D"), "bob-request"),
                        entry(new ReleaseSeatsCommand(TRIP, ALICE, List.of("1A")), "alice-request"))))
                .expectEventsMatching(new org.hamcrest.CustomTypeSafeMatcher<List<EventMessage<?>>>(
                        "bob's hold, then alice's release, each with its own actor and request id") {
                    @Override
                    protected boolean matchesSafely(List<EventMessage<?>> events) {
                        return events.size() == 2
                                && "bob".equals(events.get(0).getMetaData().get(AuditTrail.ACTOR))
                                && "bob-request".equals(events.get(0).getMetaData().get(AuditTrail.REQUEST_ID))
                                && events.get(0).getMetaData().containsKey(TripSeats.EXPIRY_SWEEP_AT)
                                && events.get(1).getPayload() instanceof SeatsReleasedEvent
                                && "alice".equals(events.get(1).getMetaData().get(AuditTrail.ACTOR))
                                && "alice-request".equals(events.get(1).getMetaData().get(AuditTrail.REQUEST_ID));
                    }
                });
    }

    @Test
    void aBatchOfRefusalsStoresNothing() {
        fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A"))
                .when(new TripCommandBatch(TRIP, List.of(entry(hold(HOLD_2, BOB, "1A"), "r1"),
                        entry(new ReleaseSeatsCommand(TRIP, BOB, List.of("1A")), "r2"))))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
