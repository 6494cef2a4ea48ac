package com.example.booking.command.trip;

import com.example.booking.command.deadline.ExpirySweepDue;
import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.batch.BatchOutcome;
import com.example.booking.shared.batch.TripCommandBatch;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.CancelBookingCommand;
import com.example.booking.shared.booking.CancelResult;
import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.Money;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.HoldResult;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.BlockSeatsCommand;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.Layout;
import com.example.booking.shared.trip.ScheduleTripCommand;
import com.example.booking.shared.trip.SeatDefinition;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.example.booking.command.trip.TripTestData.*;

class TripSeatsTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** When a 10-minute hold made at T0 (a window's end) is swept: a window after its own window ends. */
    static final Duration SWEEP_AFTER = TEN_MINUTES.plusSeconds(5);

    private AggregateTestFixture<TripSeats> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TripSeats.class);
        fixture.registerCommandTargetResolver(command ->
                new VersionedAggregateIdentifier(((TripCommand) command.getPayload()).tripId().value(), null));
        // the aggregate's clock follows the fixture's, so whenTimeElapses moves both
        fixture.registerInjectableResource(new SuppliedClock(() -> fixture.currentTime()));
    }

    @Nested
    class Scheduling {

        @Test
        void schedulesATripWithExplicitSeatsAndTables() {
            fixture.givenNoPriorActivity()
                    .when(schedule())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(scheduled());
        }

        @Test
        void schedulesATripWithAGeneratedLayout() {
            Layout layout = new Layout(100, 1000, "std");
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Big", DEPARTS, List.of(STANDARD), null, null, layout, ADMIN))
                    .expectEvents(scheduledWithLayout(100, 1000));
        }

        @Test
        void refusesMoreThan100000Seats() {
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Too big", DEPARTS, List.of(STANDARD), null, null,
                            new Layout(1001, 100, "std"), ADMIN))
                    .expectException(rejected(ErrorCode.INVALID_DATA))
                    .expectNoEvents();
        }

        @Test
        void refusesASeatOfAnUnknownCategory() {
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Bus", DEPARTS, List.of(STANDARD),
                            List.of(new SeatDefinition("1A", "first", 1, 1, 0, 0)), null, null, ADMIN))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void refusesARepeatedSeatLabel() {
            SeatDefinition seat = new SeatDefinition("1A", "std", 1, 1, 0, 0);
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Bus", DEPARTS, List.of(STANDARD), List.of(seat, seat), null,
                            null, ADMIN))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void refusesBothSeatsAndALayout() {
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Bus", DEPARTS, List.of(STANDARD), SEATS.subList(1, 2), null,
                            new Layout(1, 1, "std"), ADMIN))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void refusesCategoriesInDifferentCurrencies() {
            Category dollars = new Category("usd", "Dollar seats", BigDecimal.TEN, "USD");
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Bus", DEPARTS, List.of(STANDARD, dollars), null, null,
                            new Layout(1, 1, "std"), ADMIN))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void refusesATableWithAnUnknownSeat() {
            fixture.givenNoPriorActivity()
                    .when(new ScheduleTripCommand(TRIP, "Bus", DEPARTS, List.of(WINDOW, STANDARD), SEATS,
                            List.of(new com.example.booking.shared.trip.TableDefinition("T9", List.of("9Z"))), null, ADMIN))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }
    }

    @Nested
    class Holding {

        @Test
        void holdsFreeSeatsAndSchedulesTheirExpiry() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(hold(HOLD_1, ALICE, "1A", "1B"))
                    .expectEvents(held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A", "1B"))
                    .expectResultMessagePayload(new HoldResult(TRIP.value(), List.of("1A", "1B"), T0.plus(TEN_MINUTES), 1))
                    .expectScheduledDeadline(SWEEP_AFTER, sweepOfWindowEndingAt(T0.plus(TEN_MINUTES)));
        }

        @Test
        void holdsExpiringInTheSameWindowShareOneSweep() {
            fixture.givenCurrentTime(T0.plusMillis(4400)).andGiven(scheduled(), sweptAt(T0.plus(TEN_MINUTES).plusSeconds(10),
                            held(HOLD_1, ALICE, T0.plusMillis(1100), TEN_MINUTES, "1A")))
                    .when(hold(HOLD_2, BOB, "1B"))
                    .expectEventsMatching(payloadsWithoutSweep())
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aHoldExpiringInALaterWindowGetsItsOwnSweepAWindowAfterThatEnds() {
            fixture.givenCurrentTime(T0.plusMillis(5400)).andGiven(scheduled(), sweptAt(T0.plus(SWEEP_AFTER),
                            held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A")))
                    .when(hold(HOLD_2, BOB, "1B"))
                    .expectScheduledDeadline(TEN_MINUTES.plusMillis(9600),
                            sweepOfWindowEndingAt(T0.plus(TEN_MINUTES).plusSeconds(10)));
        }

        @Test
        void holdsAWholeTable() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new HoldSeatsCommand(TRIP, HOLD_1, ALICE, null, "T1", TEN_MINUTES))
                    .expectEvents(held(HOLD_1, ALICE, T0, TEN_MINUTES, "1B", "1C"));
        }

        @Test
        void refusesAnUnknownTable() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new HoldSeatsCommand(TRIP, HOLD_1, ALICE, null, "T9", TEN_MINUTES))
                    .expectException(rejected(ErrorCode.INVALID_DATA)).expectNoEvents();
        }

        @Test
        void cannotHoldASeatHeldBySomeoneElse() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, T0.minusSeconds(60), TEN_MINUTES, "1B"))
                    .when(hold(HOLD_2, ALICE, "1A", "1B"))
                    .expectException(rejected(ErrorCode.SEAT_HELD, "1B"))
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aSeatHeldRefusalSaysWhenTheSeatFreesUp() {
            // ten minutes minus the minute already gone
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, T0.minusSeconds(60), TEN_MINUTES, "1B"))
                    .when(hold(HOLD_2, ALICE, "1B"))
                    .expectException(retryAfter(540));
        }

        @Test
        void cannotHoldABookedSeat() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, T0, TEN_MINUTES, "1A"),
                            confirmed(BOB, T0, new BigDecimal("15.00"), List.of(HOLD_1), "1A"))
                    .when(hold(HOLD_2, ALICE, "1A"))
                    .expectException(rejected(ErrorCode.SEAT_BOOKED, "1A"))
                    .expectNoEvents();
        }

        @Test
        void cannotHoldABlockedSeat() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(),
                            new SeatsBlockedEvent(TRIP, ADMIN, List.of("1D"), "broken", T0))
                    .when(hold(HOLD_2, ALICE, "1D"))
                    .expectException(rejected(ErrorCode.SEAT_BLOCKED, "1D"));
        }

        @Test
        void theMostPermanentReasonWinsAndEveryConflictingSeatIsListed() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(),
                            held(HOLD_1, BOB, T0, TEN_MINUTES, "1A"),
                            confirmed(BOB, T0, new BigDecimal("15.00"), List.of(HOLD_1), "1A"),
                            held(HOLD_2, BOB, T0, TEN_MINUTES, "1B"),
                            new SeatsBlockedEvent(TRIP, ADMIN, List.of("1D"), "broken", T0))
                    .when(hold(new com.example.booking.shared.HoldId("hold-3"), ALICE, "1A", "1B", "1C", "1D"))
                    .expectException(rejected(ErrorCode.SEAT_BOOKED, "1A", "1B", "1D"))
                    .expectNoEvents();
        }

        @Test
        void refusesUnknownSeatsNamingThem() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(hold(HOLD_1, ALICE, "1A", "9Z", "10A"))
                    .expectException(org.hamcrest.Matchers.allOf(rejected(ErrorCode.INVALID_DATA),
                            org.hamcrest.Matchers.hasProperty("message",
                                    org.hamcrest.Matchers.containsString("9Z, 10A"))))
                    .expectNoEvents();
        }

        @Test
        void refusesMoreThan50Seats() {
            String[] seats = IntStream.rangeClosed(1, 51).mapToObj(i -> "1" + i).toArray(String[]::new);
            fixture.givenCurrentTime(T0).andGiven(scheduledWithLayout(1, 100))
                    .when(hold(HOLD_1, ALICE, seats))
                    .expectException(rejected(ErrorCode.INVALID_DATA)).expectNoEvents();
        }

        @Test
        void holdsFiftySeatsAtOnce() {
            List<String> seats = IntStream.rangeClosed(1, 50)
                    .mapToObj(i -> "1" + com.example.booking.shared.trip.SeatLayouts.columnLetters(i)).toList();
            fixture.givenCurrentTime(T0).andGiven(scheduledWithLayout(1, 100))
                    .when(new HoldSeatsCommand(TRIP, HOLD_1, ALICE, seats, null, TEN_MINUTES))
                    .expectEvents(held(HOLD_1, ALICE, T0, TEN_MINUTES, seats.toArray(String[]::new)));
        }

        @Test
        void refusesAHoldShorterThanOneMinute() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new HoldSeatsCommand(TRIP, HOLD_1, ALICE, List.of("1A"), null, Duration.ZERO))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void refusesAHoldLongerThanThirtyMinutes() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new HoldSeatsCommand(TRIP, HOLD_1, ALICE, List.of("1A"), null, Duration.ofMinutes(31)))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void refusesASeatNamedTwice() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(hold(HOLD_1, ALICE, "1A", "1A"))
                    .expectException(rejected(ErrorCode.INVALID_DATA));
        }

        @Test
        void holdingSeatsYouAlreadyHoldLeavesTheirExpiryUnchanged() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0.minusSeconds(120), TEN_MINUTES, "1A"))
                    .when(hold(HOLD_2, ALICE, "1A"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new HoldResult(TRIP.value(), List.of("1A"),
                            T0.minusSeconds(120).plus(TEN_MINUTES), 1));
        }

        @Test
        void anExpiredHoldIsRecordedBeforeItsSeatIsHeldAgain() {
            Instant earlier = T0.minus(Duration.ofMinutes(11));
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, earlier, TEN_MINUTES, "1A", "1B"))
                    .when(hold(HOLD_2, ALICE, "1A"))
                    .expectEvents(new HoldExpiredEvent(TRIP, HOLD_1, BOB, List.of("1A", "1B"), earlier.plus(TEN_MINUTES)),
                            held(HOLD_2, ALICE, T0, TEN_MINUTES, "1A"));
        }

        @Test
        void aHoldCountsAsExpiredExactlyAtItsExpiryTime() {
            Instant earlier = T0.minus(TEN_MINUTES);
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, earlier, TEN_MINUTES, "1A"))
                    .when(hold(HOLD_2, ALICE, "1A"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new HoldExpiredEvent(TRIP, HOLD_1, BOB, List.of("1A"), T0),
                            held(HOLD_2, ALICE, T0, TEN_MINUTES, "1A"));
        }
    }

    @Nested
    class Expiring {

        @Test
        void aHoldExpiresByItselfWhenItsSweepRuns() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"))
                    .whenTimeElapses(SWEEP_AFTER)
                    .expectDeadlinesMet(sweepOfWindowEndingAt(T0.plus(TEN_MINUTES)))
                    .expectEvents(new HoldExpiredEvent(TRIP, HOLD_1, ALICE, List.of("1A", "1B"), T0.plus(TEN_MINUTES)));
        }

        @Test
        void aDeadlineOfAHoldThatIsGoneDoesNothing() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A"),
                            new SeatsReleasedEvent(TRIP, ALICE, List.of("1A"), T0))
                    .whenThenTimeElapses(Duration.ofMinutes(1))
                    .expectNoEvents();
        }
    }

    @Nested
    class Releasing {

        @Test
        void releasesYourSeats() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"))
                    .when(new ReleaseSeatsCommand(TRIP, ALICE, List.of("1A", "1B")))
                    .expectEvents(new SeatsReleasedEvent(TRIP, ALICE, List.of("1A", "1B"), T0));
        }

        @Test
        void theSweepOfAReleasedHoldFindsNothingToExpire() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"),
                            new ReleaseSeatsCommand(TRIP, ALICE, List.of("1A", "1B")))
                    .whenTimeElapses(SWEEP_AFTER)
                    .expectDeadlinesMet(sweepOfWindowEndingAt(T0.plus(TEN_MINUTES)))
                    .expectNoEvents();
        }

        @Test
        void releasingPartOfAHoldKeepsItsExpiry() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"))
                    .when(new ReleaseSeatsCommand(TRIP, ALICE, List.of("1A")))
                    .expectEvents(new SeatsReleasedEvent(TRIP, ALICE, List.of("1A"), T0))
                    .expectScheduledDeadline(SWEEP_AFTER, sweepOfWindowEndingAt(T0.plus(TEN_MINUTES)));
        }

        @Test
        void cannotReleaseSomeoneElsesSeat() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, T0, TEN_MINUTES, "1A"))
                    .when(new ReleaseSeatsCommand(TRIP, ALICE, List.of("1A")))
                    .expectException(rejected(ErrorCode.NOT_HOLDER, "1A")).expectNoEvents();
        }

        @Test
        void cannotReleaseASeatNobodyHolds() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new ReleaseSeatsCommand(TRIP, ALICE, List.of("1C")))
                    .expectException(rejected(ErrorCode.NOT_HOLDER, "1C"));
        }

        @Test
        void cannotReleaseAnExpiredHold() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0.minus(Duration.ofMinutes(20)), TEN_MINUTES, "1A"))
                    .when(new ReleaseSeatsCommand(TRIP, ALICE, List.of("1A")))
                    .expectException(rejected(ErrorCode.HOLD_EXPIRED, "1A"));
        }
    }

    @Nested
    class Confirming {

        @Test
        void confirmsHeldSeatsAsABooking() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"))
                    .when(confirm(ALICE, "1A", "1B"))
                    .expectEvents(confirmed(ALICE, T0, new BigDecimal("27.50"), List.of(HOLD_1), "1A", "1B"));
        }

        @Test
        void theSweepOfABookedHoldLeavesTheBookingAlone() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"),
                            confirm(ALICE, "1A", "1B"))
                    .whenTimeElapses(TEN_MINUTES.plusMinutes(1))
                    .expectDeadlinesMet(sweepOfWindowEndingAt(T0.plus(TEN_MINUTES)))
                    .expectNoEvents();
        }

        @Test
        void confirmingPartOfAHoldKeepsTheRestHeld() {
            fixture.givenCurrentTime(T0).andGivenCommands(schedule(), hold(HOLD_1, ALICE, "1A", "1B"))
                    .when(confirm(ALICE, "1B"))
                    .expectEvents(confirmed(ALICE, T0, new BigDecimal("12.50"), List.of(), "1B"))
                    .expectScheduledDeadline(SWEEP_AFTER, sweepOfWindowEndingAt(T0.plus(TEN_MINUTES)));
        }

        @Test
        void needsOnePassengerPerSeat() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A", "1B"))
                    .when(new ConfirmBookingCommand(TRIP, REF, ALICE, List.of("1A", "1B"), passengers(1), PAYMENT, CONTACT))
                    .expectException(rejected(ErrorCode.INVALID_DATA)).expectNoEvents();
        }

        @Test
        void cannotConfirmSeatsHeldBySomeoneElse() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, BOB, T0, TEN_MINUTES, "1A"),
                            held(HOLD_2, ALICE, T0, TEN_MINUTES, "1B"))
                    .when(confirm(ALICE, "1A", "1B"))
                    .expectException(rejected(ErrorCode.NOT_HOLDER, "1A")).expectNoEvents();
        }

        @Test
        void cannotConfirmAnExpiredHold() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0.minus(Duration.ofMinutes(10)), TEN_MINUTES, "1A"))
                    .when(confirm(ALICE, "1A"))
                    .expectException(rejected(ErrorCode.HOLD_EXPIRED, "1A")).expectNoEvents();
        }

        @Test
        void aRepeatedConfirmationAnswersWithTheExistingBookingAndChangesNothing() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A", "1B"),
                            confirmed(ALICE, T0, new BigDecimal("27.50"), List.of(HOLD_1), "1A", "1B"))
                    .when(confirm(ALICE, "1B", "1A"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new com.example.booking.shared.booking.BookingResult(REF.value(),
                            TRIP.value(), List.of("1A", "1B"), "confirmed", new BigDecimal("27.50"), "EUR", T0, 2));
        }

        @Test
        void aReferenceReusedForOtherSeatsOrByAnotherUserIsRefused() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A", "1B"),
                            confirmed(ALICE, T0, new BigDecimal("15.00"), List.of(), "1A"),
                            held(HOLD_2, BOB, T0, TEN_MINUTES, "1C"))
                    .when(confirm(BOB, "1C"))
                    .expectException(rejected(ErrorCode.INVALID_DATA)).expectNoEvents();
        }

        @Test
        void refusesACardNumberAsPaymentReference() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A"))
                    .when(new ConfirmBookingCommand(TRIP, REF, ALICE, List.of("1A"), passengers(1),
                            new Payment("4111 1111 1111 1111", "card"), CONTACT))
                    .expectException(rejected(ErrorCode.INVALID_DATA)).expectNoEvents();
        }
    }

    @Nested
    class Cancelling {

        private final Object[] booked = {scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1A", "1B"),
                confirmed(ALICE, T0, new BigDecimal("27.50"), List.of(HOLD_1), "1A", "1B")};

        @Test
        void theOwnerCancelsAndTheSeatsBecomeAvailable() {
            fixture.givenCurrentTime(T0).andGiven(booked)
                    .when(new CancelBookingCommand(TRIP, REF, ALICE, false))
                    .expectEvents(new BookingCancelledEvent(TRIP, REF, ALICE, ALICE, List.of("1A", "1B"),
                            new Money(new BigDecimal("27.50"), "EUR"), T0))
                    .expectResultMessagePayload(new CancelResult(REF.value(), TRIP.value(), "cancelled", List.of("1A", "1B"), 3));
        }

        @Test
        void cancelledSeatsCanBeHeldAgain() {
            fixture.givenCurrentTime(T0).andGiven(booked)
                    .andGivenCommands(new CancelBookingCommand(TRIP, REF, ALICE, false))
                    .when(hold(HOLD_2, BOB, "1A"))
                    .expectEvents(held(HOLD_2, BOB, T0, TEN_MINUTES, "1A"));
        }

        @Test
        void anAdminCancelsAnyBooking() {
            fixture.givenCurrentTime(T0).andGiven(booked)
                    .when(new CancelBookingCommand(TRIP, REF, ADMIN, true))
                    .expectEvents(new BookingCancelledEvent(TRIP, REF, ALICE, ADMIN, List.of("1A", "1B"),
                            new Money(new BigDecimal("27.50"), "EUR"), T0));
        }

        @Test
        void anotherUserCannotCancel() {
            fixture.givenCurrentTime(T0).andGiven(booked)
                    .when(new CancelBookingCommand(TRIP, REF, BOB, false))
                    .expectException(rejected(ErrorCode.FORBIDDEN)).expectNoEvents();
        }

        @Test
        void cancellingTwiceChangesNothing() {
            fixture.givenCurrentTime(T0).andGiven(booked)
                    .andGivenCommands(new CancelBookingCommand(TRIP, REF, ALICE, false))
                    .when(new CancelBookingCommand(TRIP, REF, ALICE, false))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }

        @Test
        void anUnknownBookingIsNotFound() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new CancelBookingCommand(TRIP, REF, ALICE, false))
                    .expectException(rejected(ErrorCode.BOOKING_NOT_FOUND));
        }
    }

    @Nested
    class Blocking {

        @Test
        void anAdminBlocksFreeSeats() {
            fixture.givenCurrentTime(T0).andGiven(scheduled())
                    .when(new BlockSeatsCommand(TRIP, ADMIN, List.of("1C", "1D"), "broken"))
                    .expectEvents(new SeatsBlockedEvent(TRIP, ADMIN, List.of("1C", "1D"), "broken", T0));
        }

        @Test
        void aHeldSeatCannotBeBlocked() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), held(HOLD_1, ALICE, T0, TEN_MINUTES, "1C"))
                    .when(new BlockSeatsCommand(TRIP, ADMIN, List.of("1C", "1D"), "broken"))
                    .expectException(rejected(ErrorCode.SEAT_HELD, "1C")).expectNoEvents();
        }

        @Test
        void blockingABlockedSeatAgainChangesNothing() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), new SeatsBlockedEvent(TRIP, ADMIN, List.of("1D"), "x", T0))
                    .when(new BlockSeatsCommand(TRIP, ADMIN, List.of("1D"), "x"))
                    .expectNoEvents();
        }

        @Test
        void unblockedSeatsCanBeHeld() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), new SeatsBlockedEvent(TRIP, ADMIN, List.of("1D"), "x", T0),
                            new SeatsUnblockedEvent(TRIP, ADMIN, List.of("1D"), "fixed", T0))
                    .when(hold(HOLD_1, ALICE, "1D"))
                    .expectEvents(held(HOLD_1, ALICE, T0, TEN_MINUTES, "1D"));
        }

        @Test
        void unblockingOnlyReleasesBlockedSeats() {
            fixture.givenCurrentTime(T0).andGiven(scheduled(), new SeatsBlockedEvent(TRIP, ADMIN, List.of("1D"), "x", T0))
                    .when(new UnblockSeatsCommand(TRIP, ADMIN, List.of("1C", "1D"), "fixed"))
                    .expectEvents(new SeatsUnblockedEvent(TRIP, ADMIN, List.of("1D"), "fixed", T0));
        }
    }


    /** Group commit: queued commands of one trip decided in one unit of work, each with its own outcome. */
    @Nested
    class Batching {

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

    private static ExpirySweepDue sweepOfWindowEndingAt(Instant end) {
        return new ExpirySweepDue(end.plusSeconds(5), end);
    }

    /** A hold's event as stored by the command that scheduled the sweep at {@code at}. */
    private static EventMessage<?> sweptAt(Instant at, Object held) {
        return GenericEventMessage.asEventMessage(held)
                .andMetaData(Map.of(TripSeats.EXPIRY_SWEEP_AT, at.toString()));
    }

    /** The events carry no expiry sweep of their own: their second already has one. */
    private static org.hamcrest.Matcher<List<EventMessage<?>>> payloadsWithoutSweep() {
        return new org.hamcrest.CustomTypeSafeMatcher<>("events that schedule no sweep") {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return !events.isEmpty()
                        && events.stream().noneMatch(event -> event.getMetaData().containsKey(TripSeats.EXPIRY_SWEEP_AT));
            }
        };
    }
}
