package com.example.booking.query.booking;

import com.example.booking.query.ProjectionBed;
import com.example.booking.query.RecordingMongo;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.FindBookingQuery;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.HoldExpiredNotice;
import com.example.booking.shared.live.SeatsChanged;
import org.axonframework.eventhandling.ReplayStatus;
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

/**
 * The bookings projection on a real MongoDB-wire server: a new booking is announced as the read model shows
 * it, to the millisecond MongoDB keeps, without reading it back; a cancellation is announced as read back.
 */
class BookingProjectorTest {

    static final TripId TRIP = new TripId("bus-7");
    /** Finer than MongoDB keeps: what is announced must still equal what is read. */
    static final Instant CONFIRMED_AT = Instant.parse("2026-12-01T10:00:00.123456789Z");
    static final UserId ALICE = new UserId("alice");
    static final BookingReference REFERENCE = new BookingReference("ABC234");

    final List<BookingNotice> announced = new ArrayList<>();
    final LiveFeed feed = new LiveFeed() {
        @Override
        public void seatsChanged(SeatsChanged change) {
        }

        @Override
        public void holdExpired(HoldExpiredNotice notice) {
        }

        @Override
        public void bookingChanged(BookingNotice notice) {
            announced.add(notice);
        }
    };
    RecordingMongo mongo;
    ProjectionBed bed;
    BookingProjector projector;
    BookingQueries queries;

    @BeforeEach
    void setUp() {
        mongo = new RecordingMongo();
        bed = new ProjectionBed(mongo.client(), BookingProjector.GROUP, Clock.fixed(CONFIRMED_AT, ZoneOffset.UTC));
        projector = new BookingProjector(bed.live(), bed.progress(), feed);
        queries = new BookingQueries(bed.slots());
        mongo.forgetCommands();
    }

    @AfterEach
    void tearDown() {
        bed.close();
        mongo.close();
    }

    private void confirm() {
        projector.on(new BookingConfirmedEvent(TRIP, REFERENCE, ALICE, List.of("1A", "1B"),
                List.of(new Passenger("A", "B", null, null), new Passenger("C", "D", null, null)),
                new Payment("p1", "card"), new Contact("A", "a@x", null), new Money(new BigDecimal("25.00"), "EUR"),
                CONFIRMED_AT, List.of(new HoldId("h1"))), 2, ReplayStatus.REGULAR);
    }

    @Test
    void aNewBookingIsAnnouncedAsTheReadModelShowsItWithoutReadingItBack() {
        confirm();

        assertThat(mongo.commandsOn(BookingDocument.COLLECTION)).containsExactly("update");
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).type()).isEqualTo("booking.created");
        assertThat(announced.get(0).booking()).isEqualTo(queries.handle(new FindBookingQuery(REFERENCE)).orElseThrow());
    }

    @Test
    void aCancellationIsAnnouncedAsTheReadModelShowsIt() {
        confirm();
        projector.on(new BookingCancelledEvent(TRIP, REFERENCE, ALICE, ALICE, List.of("1A", "1B"),
                new Money(new BigDecimal("25.00"), "EUR"), CONFIRMED_AT.plusSeconds(60)), 3, ReplayStatus.REGULAR);

        assertThat(announced).extracting(BookingNotice::type).containsExactly("booking.created", "booking.cancelled");
        assertThat(announced.get(1).booking()).isEqualTo(queries.handle(new FindBookingQuery(REFERENCE)).orElseThrow());
        assertThat(announced.get(1).booking().status()).isEqualTo(BookingView.CANCELLED);
    }

    @Test
    void nothingIsAnnouncedWhileReplaying() {
        projector.on(new BookingConfirmedEvent(TRIP, REFERENCE, ALICE, List.of("1A"), List.of(new Passenger("A", "B", null, null)),
                new Payment("p1", "card"), new Contact("A", "a@x", null), new Money(new BigDecimal("12.50"), "EUR"),
                CONFIRMED_AT, List.of(new HoldId("h1"))), 2, ReplayStatus.REPLAY);

        assertThat(announced).isEmpty();
        assertThat(queries.handle(new FindBookingQuery(REFERENCE))).isPresent();
    }
}
