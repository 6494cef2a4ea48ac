package com.example.booking.command.trip;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.Layout;
import com.example.booking.shared.trip.ScheduleTripCommand;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TableDefinition;
import com.example.booking.shared.trip.TripScheduledEvent;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** Shared names and builders of the aggregate tests. */
final class TripTestData {

    static final TripId TRIP = new TripId("bus-42");
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");
    static final UserId ADMIN = new UserId("admin");
    static final HoldId HOLD_1 = new HoldId("hold-1");
    static final HoldId HOLD_2 = new HoldId("hold-2");
    static final BookingReference REF = new BookingReference("ABC234");
    static final Instant DEPARTS = Instant.parse("2026-12-24T08:00:00Z");
    static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    static final Category STANDARD = new Category("std", "Standard", new BigDecimal("12.50"), "EUR");
    static final Category WINDOW = new Category("win", "Window", new BigDecimal("15.00"), "EUR");

    /** Row 1: 1A (window) 1B 1C 1D (window); table T1 = 1B + 1C. */
    static final List<SeatDefinition> SEATS = List.of(
            new SeatDefinition("1A", "win", 1, 1, 0, 0),
            new SeatDefinition("1B", "std", 1, 2, 1, 0),
            new SeatDefinition("1C", "std", 1, 3, 2, 0),
            new SeatDefinition("1D", "win", 1, 4, 3, 0));
    static final List<TableDefinition> TABLES = List.of(new TableDefinition("T1", List.of("1B", "1C")));

    private TripTestData() {
    }

    static ScheduleTripCommand schedule() {
        return new ScheduleTripCommand(TRIP, "Bus 42", DEPARTS, List.of(WINDOW, STANDARD), SEATS, TABLES, null, ADMIN);
    }

    static TripScheduledEvent scheduled() {
        return new TripScheduledEvent(TRIP, "Bus 42", DEPARTS, List.of(WINDOW, STANDARD), SEATS, TABLES, null);
    }

    static TripScheduledEvent scheduledWithLayout(int rows, int columns) {
        return new TripScheduledEvent(TRIP, "Big", DEPARTS, List.of(STANDARD), null, List.of(),
                new Layout(rows, columns, "std"));
    }

    static HoldSeatsCommand hold(HoldId hold, UserId user, String... seats) {
        return new HoldSeatsCommand(TRIP, hold, user, List.of(seats), null, TEN_MINUTES);
    }

    static SeatsHeldEvent held(HoldId hold, UserId user, Instant at, Duration holdFor, String... seats) {
        return new SeatsHeldEvent(TRIP, hold, user, List.of(seats), at, at.plus(holdFor));
    }

    static List<Passenger> passengers(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Passenger("First" + i, "Last" + i, "passport", "P00" + i)).toList();
    }

    static final Payment PAYMENT = new Payment("psp_8f3a2", "card");
    static final Contact CONTACT = new Contact("Alice", "alice@example.com", null);

    static ConfirmBookingCommand confirm(UserId user, String... seats) {
        return new ConfirmBookingCommand(TRIP, REF, user, List.of(seats), passengers(seats.length), PAYMENT, CONTACT);
    }

    static BookingConfirmedEvent confirmed(UserId user, Instant at, BigDecimal total, List<HoldId> completed,
                                           String... seats) {
        return new BookingConfirmedEvent(TRIP, REF, user, List.of(seats), passengers(seats.length), PAYMENT, CONTACT,
                new Money(total, "EUR"), at, completed);
    }

    /** Matches a refusal whose {@code retryAfterSeconds} is {@code seconds}. */
    static Matcher<BookingRejectedException> retryAfter(long seconds) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(BookingRejectedException e) {
                return Long.valueOf(seconds).equals(e.rejection().retryAfterSeconds());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal with retryAfterSeconds " + seconds);
            }
        };
    }

    /** Matches a refusal by its code and the seats it names (in any order). */
    static Matcher<BookingRejectedException> rejected(ErrorCode code, String... conflictingSeats) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(BookingRejectedException e) {
                return e.code() == code && (conflictingSeats.length == 0
                        || (e.rejection().conflictingSeats().size() == conflictingSeats.length
                        && e.rejection().conflictingSeats().containsAll(List.of(conflictingSeats))));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("rejection " + code + " of " + List.of(conflictingSeats));
            }

            @Override
            protected void describeMismatchSafely(BookingRejectedException e, Description description) {
                description.appendText("was " + e.rejection());
            }
        };
    }
}
