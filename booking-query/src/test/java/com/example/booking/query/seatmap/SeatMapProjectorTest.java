package com.example.booking.query.seatmap;

import com.example.booking.query.ProjectionBed;
import com.example.booking.query.RecordingMongo;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.HoldExpiredNotice;
import com.example.booking.shared.live.SeatChange;
import com.example.booking.shared.live.SeatsChanged;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.FindSeatMapQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.seat.SeatStatus;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.FindTripStatsQuery;
import com.example.booking.shared.trip.Layout;
import com.example.booking.shared.trip.TripScheduledEvent;
import com.example.booking.shared.trip.TripStatsView;
import com.example.booking.query.projection.BatchEnd;
import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seat-map projection on a real MongoDB-wire server: it folds events, and folding one twice changes nothing. */
class SeatMapProjectorTest {

    static final TripId TRIP = new TripId("bus-7");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final UserId ALICE = new UserId("alice");

    final List<SeatsChanged> announced = new ArrayList<>();
    final LiveFeed feed = new LiveFeed() {
        @Override
        public void seatsChanged(SeatsChanged change) {
            announced.add(change);
        }

        @Override
        public void holdExpired(HoldExpiredNotice notice) {
        }

        @Override
        public void bookingChanged(BookingNotice notice) {
        }
    };

    RecordingMongo mongo;
    MongoClient client;
    ProjectionBed bed;
    SeatMapProjector projector;
    SeatMapQueries queries;

    @BeforeEach
    void setUp() {
        mongo = new RecordingMongo();
        client = mongo.client();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        bed = new ProjectionBed(client, SeatMapProjector.GROUP, clock);
        projector = new SeatMapProjector(bed.live(), bed.progress(), feed, SimpleQueryUpdateEmitter.builder().build());
        queries = new SeatMapQueries(bed.slots(), clock);
    }

    @AfterEach
    void tearDown() {
        bed.close();
        mongo.close();
    }

    private void schedule() {
        projector.on(new TripScheduledEvent(TRIP, "Bus 7", T0, List.of(new Category("std", "Standard",
                new BigDecimal("12.50"), "EUR")), null, List.of(), new Layout(2, 3, "std")), 0);
    }

    private SeatsHeldEvent held() {
        return new SeatsHeldEvent(TRIP, new HoldId("h1"), ALICE, List.of("1A", "1B"), T0, T0.plusSeconds(600));
    }

    private BookingConfirmedEvent confirmed() {
        return new BookingConfirmedEvent(TRIP, new BookingReference("ABC234"), ALICE, List.of("1A", "1B"),
                List.of(new Passenger("A", "B", null, null), new Passenger("C", "D", null, null)),
                new Payment("p1", "card"), new Contact("A", "a@x", null), new Money(new BigDecimal("25.00"), "EUR"), T0,
                List.of(new HoldId("h1")));
    }

    /** The updates are written by field name; what they store must still be what the typed reads expect. */
    @Test
    void aHoldIsStoredInTheFieldsAndTypesTheReadsExpect() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);

        org.bson.Document seat = bed.live().template().getCollection(SeatDocument.COLLECTION)
                .find(new org.bson.Document("_id", SeatDocument.id("bus-7", "1A"))).first();
        assertThat(seat).containsEntry("status", "held").containsEntry("holder", "alice")
                .containsEntry("holdId", "h1").containsEntry("position", 1L)
                .containsEntry("expiresAt", java.util.Date.from(T0.plusSeconds(600)));
        org.bson.Document trip = bed.live().template().getCollection(TripDocument.COLLECTION)
                .find(new org.bson.Document("_id", "bus-7")).first();
        assertThat(trip).containsEntry("held", 2).containsEntry("available", 4).containsEntry("position", 1L);
        assertThat(trip.get("categories", org.bson.Document.class).get("std", org.bson.Document.class))
                .containsEntry("held", 2).containsEntry("available", 4);
        assertThat(map().seats()).filteredOn(view -> view.label().equals("1A")).singleElement()
                .satisfies(view -> assertThat(view.status()).isEqualTo("held"));
    }

    private SeatMapView map() {
        return queries.handle(new FindSeatMapQuery(TRIP, null, null)).orElseThrow();
    }

    private TripStatsView stats() {
        return queries.handle(new FindTripStatsQuery(TRIP)).orElseThrow();
    }

    @Test
    void foldsHoldsAndBookingsIntoSeatsCountsAndRevenue() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        projector.on(confirmed(), 2, ReplayStatus.REGULAR);

        assertThat(map().position()).isEqualTo(2);
        assertThat(map().seats()).filteredOn(seat -> seat.status().equals("booked"))
                .extracting(SeatMapView.Seat::label).containsExactly("1A", "1B");
        assertThat(stats().booked()).isEqualTo(2);
        assertThat(stats().available()).isEqualTo(4);
        assertThat(stats().revenue()).isEqualByComparingTo("25.00");
        assertThat(stats().byCategory().get(0).revenue()).isEqualByComparingTo("25.00");
    }

    @Test
    void aBatchChangesEachTripSummaryInOneUpdate() {
        schedule();
        mongo.forgetCommands();

        inOneBatch(1, held(), confirmed(), new SeatsHeldEvent(TRIP, new HoldId("h2"), ALICE, List.of("2A"), T0,
                T0.plusSeconds(600)));

        assertThat(mongo.updateStatementsOn(TripDocument.COLLECTION)).isEqualTo(1);
        assertThat(stats().booked()).isEqualTo(2);
        assertThat(stats().held()).isEqualTo(1);
        assertThat(stats().available()).isEqualTo(3);
        assertThat(stats().revenue()).isEqualByComparingTo("25.00");
        assertThat(map().position()).isEqualTo(3);
        org.bson.Document trip = bed.live().template().getCollection(TripDocument.COLLECTION)
                .find(new org.bson.Document("_id", "bus-7")).first();
        assertThat(trip).containsEntry("held", 1).containsEntry("booked", 2).containsEntry("position", 3L)
                .containsEntry("revenueUnits", 250_000L);
    }

    /**
     * As after a batch whose summary update was stored and whose progress was not (or another node's): the
     * summary already shows the batch's first event, which must not count twice, and its second must count.
     */
    @Test
    void aBatchWhoseFirstEventTheSummaryAlreadyShowsCountsOnlyTheRest() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        new MongoTemplate(client, "test").remove(new Query(), "projection_positions");
        bed.progress().forgetLocally(bed.live().processorName());

        inOneBatch(1, held(), confirmed());

        assertThat(stats().booked()).isEqualTo(2);
        assertThat(stats().held()).isZero();
        assertThat(stats().available()).isEqualTo(4);
        assertThat(stats().revenue()).isEqualByComparingTo("25.00");
        assertThat(map().position()).isEqualTo(2);
    }

    /** Handles the events as one processor batch, at positions from {@code first} on, as the application does. */
    private void inOneBatch(long first, Object... events) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (Object event : events) {
            messages.add(GenericEventMessage.asEventMessage(event));
        }
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        BatchEnd end = new BatchEnd(SeatMapProjector.GROUP, new SimpleMeterRegistry(), bed.progress()::storeBatch);
        ResultMessage<?> result = batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch, List.of(end),
                message -> {
                    long position = first + messages.indexOf(message);
                    if (message.getPayload() instanceof SeatsHeldEvent held) {
                        projector.on(held, position, ReplayStatus.REGULAR);
                    } else if (message.getPayload() instanceof BookingConfirmedEvent confirmed) {
                        projector.on(confirmed, position, ReplayStatus.REGULAR);
                    } else {
                        throw new IllegalArgumentException("not in these tests: " + message.getPayload());
                    }
                    return null;
                }).proceed());
        assertThat(result.isExceptional()).as("%s", result).isFalse();
    }

    @Test
    void anOlderEventAppliedAgainAfterANewerOneDoesNotTakeTheSeatsBack() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        projector.on(new SeatsReleasedEvent(TRIP, ALICE, List.of("1A", "1B"), T0), 2, ReplayStatus.REGULAR);
        // as on a node that read the trip's progress before another node's batch had stored it
        new MongoTemplate(client, "test").remove(new Query(), "projection_positions");

        projector.on(held(), 1, ReplayStatus.REGULAR);

        assertThat(map().seats()).extracting(SeatMapView.Seat::status).containsOnly("available");
        assertThat(stats().held()).isZero();
    }

    @Test
    void anEventAppliedTwiceChangesNothing() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        projector.on(confirmed(), 2, ReplayStatus.REGULAR);
        SeatMapView before = map();
        TripStatsView statsBefore = stats();

        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        projector.on(confirmed(), 2, ReplayStatus.REGULAR);

        assertThat(map()).isEqualTo(before);
        assertThat(stats()).isEqualTo(statsBefore);
        assertThat(announced).extracting(SeatsChanged::position).containsExactly(1L, 2L);
    }

    @Test
    void announcesEachChangeWithItsPositionAndReasonButNothingWhileReplaying() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        projector.on(confirmed(), 2, ReplayStatus.REPLAY);

        assertThat(announced).containsExactly(new SeatsChanged(TRIP.value(), 1,
                List.of(new SeatChange("1A", "held", "held"), new SeatChange("1B", "held", "held"))));
        assertThat(map().position()).isEqualTo(2);
    }

    @Test
    void aCancellationFreesTheSeatsAndRefundsTheRevenue() {
        schedule();
        projector.on(held(), 1, ReplayStatus.REGULAR);
        projector.on(confirmed(), 2, ReplayStatus.REGULAR);
        projector.on(new BookingCancelledEvent(TRIP, new BookingReference("ABC234"), ALICE, ALICE, List.of("1A", "1B"),
                new Money(new BigDecimal("25.00"), "EUR"), T0), 3, ReplayStatus.REGULAR);

        assertThat(stats().available()).isEqualTo(6);
        assertThat(stats().revenue()).isEqualByComparingTo("0");
    }

    @Test
    void aLapsedHoldIsShownAvailableEvenBeforeItsExpiryIsApplied() {
        schedule();
        projector.on(new SeatsHeldEvent(TRIP, new HoldId("h1"), ALICE, List.of("2C"), T0.minusSeconds(700),
                T0.minusSeconds(100)), 1, ReplayStatus.REGULAR);

        assertThat(queries.handle(new FindSeatMapQuery(TRIP, SeatStatus.AVAILABLE, null)).orElseThrow().seats())
                .extracting(SeatMapView.Seat::label).contains("2C");

        projector.on(new HoldExpiredEvent(TRIP, new HoldId("h1"), ALICE, List.of("2C"), T0.minusSeconds(100)), 2,
                ReplayStatus.REGULAR);
        assertThat(stats().held()).isZero();
        assertThat(stats().available()).isEqualTo(6);
    }

    @Test
    void aViewportSelectsTheSeatsDrawnInsideIt() {
        schedule();
        SeatMapView view = queries.handle(new FindSeatMapQuery(TRIP, null, new FindSeatMapQuery.Viewport(1, 1, 1, 0)))
                .orElseThrow();
        assertThat(view.seats()).extracting(SeatMapView.Seat::label).containsExactly("1A", "1B");
    }
}
