package com.example.booking.command.trip;

import com.example.booking.command.trip.ReferenceTrip.Seat;
import com.example.booking.command.trip.ReferenceTrip.State;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.CancelBookingCommand;
import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.BlockSeatsCommand;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.example.booking.command.trip.TripTestData.CONTACT;
import static com.example.booking.command.trip.TripTestData.PAYMENT;
import static com.example.booking.command.trip.TripTestData.SEATS;
import static com.example.booking.command.trip.TripTestData.TABLES;
import static com.example.booking.command.trip.TripTestData.TRIP;
import static com.example.booking.command.trip.TripTestData.passengers;
import static com.example.booking.command.trip.TripTestData.schedule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of every command and of clock moves, with a scheduler that is sometimes late,
 * against {@link ReferenceTrip}. After every step the aggregate must have answered as the reference
 * did, and its event stream, replayed by an independent ledger, must show no seat held or booked
 * twice, no hold outliving its time once the scheduler ran, and counts that add up.
 */
class TripSeatsPropertyTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final List<String> LABELS = SEATS.stream().map(seat -> seat.label()).toList();
    static final List<String> USERS = List.of("alice", "bob", "carol");
    static final List<String> REFERENCES = List.of("ABC234", "DEF567", "GHJ789", "KMN234", "PQR567", "STU789");

    sealed interface Step {
    }

    record Hold(String user, List<String> seats, boolean wholeTable, int minutes) implements Step {
    }

    /** {@code mine}: ask for the seats the user holds right now, if any, rather than {@code seats}. */
    record Release(String user, List<String> seats, boolean mine) implements Step {
    }

    record Confirm(String user, List<String> seats, boolean mine, String reference) implements Step {
    }

    /** {@code booked}: cancel the user's latest booking, if any, rather than {@code reference}. */
    record Cancel(String user, String reference, boolean booked, boolean admin) implements Step {
    }

    record Block(List<String> seats) implements Step {
    }

    record Unblock(List<String> seats) implements Step {
    }

    /** {@code earlySeconds}: the scheduler also hands out deadlines due that much later, as JobRunr may. */
    record Wait(int seconds, boolean schedulerRuns, int earlySeconds) implements Step {
    }

    @Property(tries = 500)
    void theAggregateFollowsTheReferenceAndKeepsItsInvariants(@ForAll("journeys") List<Step> steps) {
        ReferenceTrip reference = new ReferenceTrip(LABELS, Map.of("T1", TABLES.get(0).seats()));
        try (TripHarness trip = new TripHarness(T0)) {
            assertThat(trip.send(schedule())).isNull();
            int holds = 0;
            for (Step step : steps) {
                Instant now = trip.now();
                ErrorCode expected;
                ErrorCode actual;
                if (step instanceof Hold hold) {
                    String holdId = "hold-" + ++holds;
                    String table = hold.wholeTable() ? "T1" : null;
                    List<String> seats = hold.wholeTable() ? null : hold.seats();
                    expected = reference.hold(holdId, hold.user(), seats, table, Duration.ofMinutes(hold.minutes()), now);
                    actual = trip.send(new HoldSeatsCommand(TRIP, new HoldId(holdId), new UserId(hold.user()), seats,
                            table, Duration.ofMinutes(hold.minutes())));
                } else if (step instanceof Release release) {
                    List<String> seats = chosen(reference, release.user(), release.seats(), release.mine());
                    expected = reference.release(release.user(), seats, now);
                    actual = trip.send(new ReleaseSeatsCommand(TRIP, new UserId(release.user()), seats));
                } else if (step instanceof Confirm confirm) {
                    List<String> seats = chosen(reference, confirm.user(), confirm.seats(), confirm.mine());
                    expected = reference.confirm(confirm.reference(), confirm.user(), seats, now);
                    actual = trip.send(new ConfirmBookingCommand(TRIP, new BookingReference(confirm.reference()),
                            new UserId(confirm.user()), seats, passengers(seats.size()), PAYMENT, CONTACT));
                } else if (step instanceof Cancel cancel) {
                    String actor = cancel.admin() ? "admin" : cancel.user();
                    String booking = cancel.booked() ? reference.latestBookingOf(cancel.user()).orElse(cancel.reference())
                            : cancel.reference();
                    expected = reference.cancel(booking, actor, cancel.admin());
                    actual = trip.send(new CancelBookingCommand(TRIP, new BookingReference(booking),
                            new UserId(actor), cancel.admin()));
                } else if (step instanceof Block block) {
                    expected = reference.block(block.seats(), now);
                    actual = trip.send(new BlockSeatsCommand(TRIP, new UserId("admin"), block.seats(), "repair"));
                } else if (step instanceof Unblock unblock) {
                    expected = reference.unblock(unblock.seats());
                    actual = trip.send(new UnblockSeatsCommand(TRIP, new UserId("admin"), unblock.seats(), "fixed"));
                } else {
                    Wait wait = (Wait) step;
                    trip.advance(Duration.ofSeconds(wait.seconds()), wait.schedulerRuns(),
                            Duration.ofSeconds(wait.earlySeconds()));
                    if (wait.schedulerRuns()) {
                        reference.schedulerRuns(trip.now(), Duration.ofSeconds(wait.earlySeconds()));
                    }
                    expected = null;
                    actual = null;
                }
                assertThat(actual).as("answer to %s at %s", step, now).isEqualTo(expected);
                Statistics.label("answers").collect(step.getClass().getSimpleName(),
                        expected == null ? "ok" : expected.code());

                Ledger ledger = Ledger.of(trip.events(TRIP.value()));
                assertThat(ledger.seats).as("seats after %s", step).isEqualTo(reference.seats());
                assertThat(ledger.holdExpiries).as("holds after %s", step)
                        .isEqualTo(expiries(reference.holds()));
                assertThat(ledger.bookedSeats()).as("booked seats are the seats of live bookings")
                        .isEqualTo(ledger.seats.values().stream().filter(seat -> seat.state() == State.BOOKED).count());
                if (step instanceof Wait wait && wait.schedulerRuns()) {
                    assertThat(ledger.holdExpiries.values()).as("no hold outlives its sweep once the scheduler ran")
                            .allMatch(expiresAt -> ReferenceTrip.windowEnd(expiresAt).plus(ReferenceTrip.SWEEP_WINDOW)
                                    .isAfter(trip.now()));
                }
            }
        }
    }

    private static List<String> chosen(ReferenceTrip reference, String user, List<String> seats, boolean mine) {
        List<String> held = reference.seats().entrySet().stream()
                .filter(seat -> seat.getValue().state() == State.HELD && user.equals(seat.getValue().owner()))
                .map(Map.Entry::getKey).toList();
        return mine && !held.isEmpty() ? held : seats;
    }

    private static Map<String, Instant> expiries(Map<String, ReferenceTrip.Hold> holds) {
        Map<String, Instant> expiries = new LinkedHashMap<>();
        holds.forEach((id, hold) -> expiries.put(id, hold.expiresAt()));
        return expiries;
    }

    @Provide
    Arbitrary<List<Step>> journeys() {
        Arbitrary<String> user = Arbitraries.of(USERS);
        Arbitrary<String> reference = Arbitraries.of(REFERENCES);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(user, seats(), Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)),
                                holdMinutes())
                        .as((u, s, table, minutes) -> (Step) new Hold(u, s, table && s.size() == 1, minutes))),
                Tuple.of(2, Combinators.combine(user, seats(), Arbitraries.of(true, false))
                        .as((u, s, mine) -> (Step) new Release(u, s, mine))),
                Tuple.of(4, Combinators.combine(user, seats(), Arbitraries.of(true, false), reference)
                        .as((u, s, mine, r) -> (Step) new Confirm(u, s, mine, r))),
                Tuple.of(2, Combinators.combine(user, reference, Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as((u, r, booked, admin) -> (Step) new Cancel(u, r, booked, admin))),
                Tuple.of(1, seats().map(Block::new)),
                Tuple.of(1, seats().map(Unblock::new)),
                Tuple.of(3, Combinators.combine(waits(), Arbitraries.of(true, false), Arbitraries.of(0, 0, 5, 30, 90))
                        .as((seconds, runs, early) -> (Step) new Wait(seconds, runs, early))));
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    /** Mostly short holds, so that they run out within a journey; now and then an invalid length. */
    private static Arbitrary<Integer> holdMinutes() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(1, 3)),
                Tuple.of(3, Arbitraries.integers().between(4, 30)), Tuple.of(1, Arbitraries.of(0, 31)));
    }

    /** Mostly whole minutes, so the clock lands exactly on expiry moments. */
    private static Arbitrary<Integer> waits() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 5).map(minutes -> minutes * 60)),
                Tuple.of(1, Arbitraries.integers().between(0, 20 * 60)));
    }

    /** One to three distinct labels of this trip; now and then a repeated or unknown one. */
    private static Arbitrary<List<String>> seats() {
        Arbitrary<List<String>> valid = Arbitraries.of(LABELS).list().uniqueElements().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> any = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(LABELS)),
                Tuple.of(1, Arbitraries.just("9Z"))).list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.frequencyOf(Tuple.of(8, valid), Tuple.of(1, any));
    }

    /**
     * Replays a trip's events without the aggregate's code, refusing any transition that would hold or
     * book a seat twice.
     */
    static final class Ledger {

        final Map<String, Seat> seats = new LinkedHashMap<>();
        final Map<String, Instant> holdExpiries = new LinkedHashMap<>();
        final Map<String, List<String>> liveBookings = new HashMap<>();

        static Ledger of(List<? extends DomainEventMessage<?>> events) {
            Ledger ledger = new Ledger();
            LABELS.forEach(label -> ledger.seats.put(label, Seat.FREE));
            events.forEach(event -> ledger.apply(event.getPayload()));
            return ledger;
        }

        long bookedSeats() {
            return liveBookings.values().stream().mapToLong(List::size).sum();
        }

        private void apply(Object event) {
            if (event instanceof SeatsHeldEvent held) {
                held.seats().forEach(label -> move(label, State.AVAILABLE,
                        new Seat(State.HELD, held.userId().value(), held.holdId().value())));
                assertThat(holdExpiries.put(held.holdId().value(), held.expiresAt())).as("a new hold").isNull();
            } else if (event instanceof SeatsReleasedEvent released) {
                released.seats().forEach(label -> leaveHold(label, released.userId().value(), Seat.FREE));
            } else if (event instanceof HoldExpiredEvent expired) {
                Instant expiresAt = holdExpiries.remove(expired.holdId().value());
                assertThat(expiresAt).as("expiry of a live hold").isEqualTo(expired.expiresAt());
                assertThat(seats.entrySet().stream().filter(e -> e.getValue().state() == State.HELD
                        && expired.holdId().value().equals(e.getValue().key())).map(Map.Entry::getKey).toList())
                        .as("an expiry names every seat of its hold").containsExactlyInAnyOrderElementsOf(expired.seats());
                expired.seats().forEach(label -> seats.put(label, Seat.FREE));
            } else if (event instanceof BookingConfirmedEvent confirmed) {
                confirmed.seats().forEach(label -> leaveHold(label, confirmed.userId().value(),
                        new Seat(State.BOOKED, confirmed.userId().value(), confirmed.reference().value())));
                assertThat(liveBookings.put(confirmed.reference().value(), confirmed.seats())).isNull();
            } else if (event instanceof BookingCancelledEvent cancelled) {
                cancelled.seats().forEach(label -> move(label, State.BOOKED, Seat.FREE));
                assertThat(liveBookings.remove(cancelled.reference().value())).isEqualTo(cancelled.seats());
            } else if (event instanceof SeatsBlockedEvent blocked) {
                blocked.seats().forEach(label -> move(label, State.AVAILABLE, new Seat(State.BLOCKED, null, null)));
            } else if (event instanceof SeatsUnblockedEvent unblocked) {
                unblocked.seats().forEach(label -> move(label, State.BLOCKED, Seat.FREE));
            }
        }

        private void move(String label, State from, Seat to) {
            assertThat(seats.get(label).state()).as("seat %s before it becomes %s", label, to.state()).isEqualTo(from);
            seats.put(label, to);
        }

        private void leaveHold(String label, String user, Seat to) {
            Seat seat = seats.get(label);
            assertThat(seat.state()).as("seat %s is held", label).isEqualTo(State.HELD);
            assertThat(seat.owner()).as("seat %s is held by %s", label, user).isEqualTo(user);
            seats.put(label, to);
            boolean holdLivesOn = seats.values().stream().anyMatch(other -> seat.key().equals(other.key()));
            if (!holdLivesOn) {
                holdExpiries.remove(seat.key());
            }
        }
    }
}
