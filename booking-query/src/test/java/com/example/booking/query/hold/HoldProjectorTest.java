package com.example.booking.query.hold;

import com.example.booking.query.ProjectionBed;
import com.example.booking.query.RecordingMongo;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.query.projection.BatchEnd;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.hold.FindHoldsQuery;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.HoldView;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.HoldExpiredNotice;
import com.example.booking.shared.live.SeatsChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The holds projection on a real MongoDB-wire server: a batch of holds, confirmations, releases and expiries
 * leaves the same holds as the events applied one at a time, and reaches the holds collection in at most
 * two commands (its updates, then its removals) rather than one per change of kind.
 */
class HoldProjectorTest {

    static final TripId TRIP = new TripId("bus-7");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");

    final LiveFeed feed = new LiveFeed() {
        @Override
        public void seatsChanged(SeatsChanged change) {
        }

        @Override
        public void holdExpired(HoldExpiredNotice notice) {
            expired.add(notice);
        }

        @Override
        public void bookingChanged(BookingNotice notice) {
        }
    };
    final List<HoldExpiredNotice> expired = new ArrayList<>();
    RecordingMongo mongo;
    ProjectionBed bed;
    HoldProjector projector;
    HoldQueries queries;

    @BeforeEach
    void setUp() {
        mongo = new RecordingMongo();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        bed = new ProjectionBed(mongo.client(), HoldProjector.GROUP, clock);
        projector = new HoldProjector(bed.live(), bed.progress(), feed);
        queries = new HoldQueries(bed.slots(), clock);
        mongo.forgetCommands();
    }

    @AfterEach
    void tearDown() {
        bed.close();
        mongo.close();
    }

    /**
     * Alice holds two holds, confirms one and releases the other; Bob holds twice, one hold expires, and
     * he releases one of the two seats of the other. Positions are the trip's, in order.
     */
    private List<Object> onSale() {
        return List.of(
                new SeatsHeldEvent(TRIP, new HoldId("h1"), ALICE, List.of("1A", "1B"), T0, T0.plusSeconds(600)),
                new SeatsHeldEvent(TRIP, new HoldId("h2"), BOB, List.of("2A"), T0, T0.plusSeconds(600)),
                new SeatsHeldEvent(TRIP, new HoldId("h3"), ALICE, List.of("3A"), T0, T0.plusSeconds(600)),
                new BookingConfirmedEvent(TRIP, new BookingReference("ABC234"), ALICE, List.of("1A", "1B"),
                        List.of(new Passenger("A", "B", null, null), new Passenger("C", "D", null, null)),
                        new Payment("p1", "card"), new Contact("A", "a@x", null),
                        new Money(new BigDecimal("25.00"), "EUR"), T0, List.of(new HoldId("h1"))),
                new HoldExpiredEvent(TRIP, new HoldId("h2"), BOB, List.of("2A"), T0.plusSeconds(600)),
                new SeatsHeldEvent(TRIP, new HoldId("h4"), BOB, List.of("4A", "4B"), T0, T0.plusSeconds(900)),
                new SeatsReleasedEvent(TRIP, ALICE, List.of("3A"), T0),
                new SeatsReleasedEvent(TRIP, BOB, List.of("4A"), T0),
                // the expired seat is held again, by Alice, under a new hold
                new SeatsHeldEvent(TRIP, new HoldId("h5"), ALICE, List.of("2A"), T0, T0.plusSeconds(900)));
    }

    private void apply(Object event, long position) {
        if (event instanceof SeatsHeldEvent held) {
            projector.on(held, position);
        } else if (event instanceof SeatsReleasedEvent released) {
            projector.on(released, position);
        } else if (event instanceof BookingConfirmedEvent confirmed) {
            projector.on(confirmed, position);
        } else if (event instanceof HoldExpiredEvent expiry) {
            projector.on(expiry, position, ReplayStatus.REGULAR);
        } else {
            throw new IllegalArgumentException(event.toString());
        }
    }

    /** All of {@code events} in one processor batch, with its batch end as the processor registers it. */
    private void applyInOneBatch(List<Object> events) {
        List<EventMessage<?>> messages = new ArrayList<>();
        events.forEach(event -> messages.add(GenericEventMessage.asEventMessage(event)));
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        BatchEnd batchEnd = new BatchEnd("holds@a", new SimpleMeterRegistry(), bed.progress()::storeBatch);
        ResultMessage<?> result = batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch,
                List.of(batchEnd), message -> {
                    apply(message.getPayload(), messages.indexOf(message));
                    return null;
                }).proceed());
        assertThat(result.isExceptional()).as("%s", result).isFalse();
    }

    private List<HoldView> holdsOf(UserId user) {
        return queries.handle(new FindHoldsQuery(user));
    }

    @Test
    void aBatchReachesTheHoldsInAnUpdateAndARemovalCommand() {
        applyInOneBatch(onSale());

        assertThat(mongo.commandsOn(HoldDocument.COLLECTION)).containsExactly("update", "delete");
        assertThat(holdsOf(ALICE)).extracting(HoldView::holdId, HoldView::seats)
                .containsExactly(tuple("h5", List.of("2A")));
        assertThat(holdsOf(BOB)).extracting(HoldView::holdId, HoldView::seats)
                .containsExactly(tuple("h4", List.of("4B")));
        assertThat(expired).containsExactly(new HoldExpiredNotice(BOB.value(), TRIP.value(), List.of("2A")));
    }

    @Test
    void aBatchLeavesTheHoldsThatTheEventsOneAtATimeLeave() {
        List<Object> events = onSale();
        for (int position = 0; position < events.size(); position++) {
            apply(events.get(position), position);
        }
        List<HoldView> alice = holdsOf(ALICE);
        List<HoldView> bob = holdsOf(BOB);
        tearDown();
        setUp();

        applyInOneBatch(events);

        assertThat(holdsOf(ALICE)).isEqualTo(alice);
        assertThat(holdsOf(BOB)).isEqualTo(bob);
    }

    @Test
    void aBatchRedeliveredAfterItsWritesChangesNothing() {
        applyInOneBatch(onSale());
        List<HoldView> alice = holdsOf(ALICE);
        mongo.forgetCommands();

        applyInOneBatch(onSale());

        assertThat(mongo.commandsOn(HoldDocument.COLLECTION)).isEmpty();
        assertThat(holdsOf(ALICE)).isEqualTo(alice);
    }
}
