package com.example.booking.command.trip;

import com.example.booking.shared.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a trip written down as plainly as possible, with none of the aggregate's machinery
 * (no events, no indexes, no deadline machinery): what each request should answer and what it leaves
 * behind. The property test holds the aggregate to it.
 * <p>
 * Expiry sweeps are kept as the rule they follow: every hold's expiry falls into a 5-s window whose
 * sweep is due 5 s after the window ends; a scheduler run hands out the sweeps due by then (or a little
 * later, as JobRunr may), and a sweep handed out once its window has ended expires every hold that has run
 * out, while one handed out sooner waits for a later run.
 */
final class ReferenceTrip {

    static final Duration SWEEP_WINDOW = Duration.ofSeconds(5);

    enum State { AVAILABLE, HELD, BOOKED, BLOCKED }

    /** What one seat is in; {@code owner} is the holder or booker, {@code key} the hold id or booking reference. */
    record Seat(State state, String owner, String key) {
        static final Seat FREE = new Seat(State.AVAILABLE, null, null);
    }

    record Hold(String user, Instant expiresAt, Set<String> seats) {
        boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    record Booking(String user, List<String> seats, boolean cancelled) {
    }

    private final Map<String, Seat> seats = new LinkedHashMap<>();
    private final Map<String, List<String>> tables;
    private final Map<String, Hold> holds = new LinkedHashMap<>();
    private final Map<String, Booking> bookings = new LinkedHashMap<>();
    /** The ends of the windows whose sweep has not run yet. */
    private final Set<Instant> sweepsWaiting = new HashSet<>();

    ReferenceTrip(List<String> labels, Map<String, List<String>> tables) {
        labels.forEach(label -> seats.put(label, Seat.FREE));
        this.tables = tables;
    }

    Map<String, Seat> seats() {
        return seats;
    }

    Map<String, Hold> holds() {
        return holds;
    }

    Optional<String> latestBookingOf(String user) {
        return bookings.entrySet().stream().filter(booking -> booking.getValue().user().equals(user))
                .map(Map.Entry::getKey).reduce((first, second) -> second);
    }

    ErrorCode hold(String holdId, String user, List<String> requested, String table, Duration holdFor, Instant now) {
        if (holdFor.toMinutes() < 1 || holdFor.toMinutes() > 30) {
            return ErrorCode.INVALID_DATA;
        }
        List<String> wanted = table != null ? tables.get(table) : requested;
        if (wanted == null || invalid(wanted)) {
            return ErrorCode.INVALID_DATA;
        }
        Set<String> expiring = new LinkedHashSet<>();
        List<String> fresh = new ArrayList<>();
        boolean booked = false;
        boolean blocked = false;
        boolean heldByOthers = false;
        for (String label : wanted) {
            Seat seat = seats.get(label);
            switch (seat.state()) {
                case BOOKED -> booked = true;
                case BLOCKED -> blocked = true;
                case HELD -> {
                    Hold hold = holds.get(seat.key());
                    if (hold.expiredAt(now)) {
                        expiring.add(seat.key());
                        fresh.add(label);
                    } else if (!hold.user().equals(user)) {
                        heldByOthers = true;
                    }
                }
                case AVAILABLE -> fresh.add(label);
            }
        }
        if (booked) {
            return ErrorCode.SEAT_BOOKED;
        }
        if (blocked) {
            return ErrorCode.SEAT_BLOCKED;
        }
        if (heldByOthers) {
            return ErrorCode.SEAT_HELD;
        }
        expiring.forEach(this::expire);
        if (!fresh.isEmpty()) {
            holds.put(holdId, new Hold(user, now.plus(holdFor), new LinkedHashSet<>(fresh)));
            sweepsWaiting.add(windowEnd(now.plus(holdFor)));
            fresh.forEach(label -> seats.put(label, new Seat(State.HELD, user, holdId)));
        }
        return null;
    }

    ErrorCode release(String user, List<String> requested, Instant now) {
        ErrorCode refusal = refusalUnlessHeldBy(user, requested, now);
        if (refusal != null) {
            return refusal;
        }
        leaveHolds(requested, Seat.FREE);
        return null;
    }

    ErrorCode confirm(String reference, String user, List<String> requested, Instant now) {
        Booking existing = bookings.get(reference);
        if (existing != null) {
            boolean retry = existing.user().equals(user) && existing.seats().size() == requested.size()
                    && Set.copyOf(existing.seats()).equals(Set.copyOf(requested));
            return retry ? null : ErrorCode.INVALID_DATA;
        }
        ErrorCode refusal = refusalUnlessHeldBy(user, requested, now);
        if (refusal != null) {
            return refusal;
        }
        leaveHolds(requested, new Seat(State.BOOKED, user, reference));
        bookings.put(reference, new Booking(user, List.copyOf(requested), false));
        return null;
    }

    ErrorCode cancel(String reference, String actor, boolean admin) {
        Booking booking = bookings.get(reference);
        if (booking == null) {
            return ErrorCode.BOOKING_NOT_FOUND;
        }
        if (!admin && !booking.user().equals(actor)) {
            return ErrorCode.FORBIDDEN;
        }
        if (!booking.cancelled()) {
            booking.seats().forEach(label -> seats.put(label, Seat.FREE));
            bookings.put(reference, new Booking(booking.user(), booking.seats(), true));
        }
        return null;
    }

    ErrorCode block(List<String> requested, Instant now) {
        if (invalid(requested)) {
            return ErrorCode.INVALID_DATA;
        }
        boolean booked = false;
        boolean held = false;
        Set<String> expiring = new LinkedHashSet<>();
        for (String label : requested) {
            Seat seat = seats.get(label);
            if (seat.state() == State.BOOKED) {
                booked = true;
            } else if (seat.state() == State.HELD) {
                if (holds.get(seat.key()).expiredAt(now)) {
                    expiring.add(seat.key());
                } else {
                    held = true;
                }
            }
        }
        if (booked) {
            return ErrorCode.SEAT_BOOKED;
        }
        if (held) {
            return ErrorCode.SEAT_HELD;
        }
        expiring.forEach(this::expire);
        requested.forEach(label -> seats.put(label, new Seat(State.BLOCKED, null, null)));
        return null;
    }

    ErrorCode unblock(List<String> requested) {
        if (invalid(requested)) {
            return ErrorCode.INVALID_DATA;
        }
        requested.stream().filter(label -> seats.get(label).state() == State.BLOCKED)
                .forEach(label -> seats.put(label, Seat.FREE));
        return null;
    }

    /** What the scheduler does when it runs at {@code now}: every hold that is due ends. */
    /** A scheduler run at {@code now} that hands out the sweeps due up to {@code early} later than that. */
    void schedulerRuns(Instant now, Duration early) {
        List<Instant> run = sweepsWaiting.stream()
                .filter(end -> !end.plus(SWEEP_WINDOW).isAfter(now.plus(early)) && !now.isBefore(end)).toList();
        if (run.isEmpty()) {
            return;
        }
        run.forEach(sweepsWaiting::remove);
        holds.entrySet().stream().filter(entry -> entry.getValue().expiredAt(now)).map(Map.Entry::getKey)
                .toList().forEach(this::expire);
    }

    /** The end of the 5-s window (counted from the epoch) that {@code expiry} falls into. */
    static Instant windowEnd(Instant expiry) {
        long window = SWEEP_WINDOW.toMillis();
        long end = (expiry.toEpochMilli() + window - 1) / window * window;
        return Instant.ofEpochMilli(end);
    }

    private void expire(String holdId) {
        holds.remove(holdId).seats().forEach(label -> seats.put(label, Seat.FREE));
    }

    private ErrorCode refusalUnlessHeldBy(String user, List<String> requested, Instant now) {
        if (invalid(requested)) {
            return ErrorCode.INVALID_DATA;
        }
        boolean expired = false;
        for (String label : requested) {
            Seat seat = seats.get(label);
            if (seat.state() != State.HELD || !seat.owner().equals(user)) {
                return ErrorCode.NOT_HOLDER;
            }
            expired |= holds.get(seat.key()).expiredAt(now);
        }
        return expired ? ErrorCode.HOLD_EXPIRED : null;
    }

    private void leaveHolds(List<String> leaving, Seat after) {
        for (String label : leaving) {
            String holdId = seats.get(label).key();
            Hold hold = holds.get(holdId);
            hold.seats().remove(label);
            if (hold.seats().isEmpty()) {
                holds.remove(holdId);
            }
            seats.put(label, after);
        }
    }

    private boolean invalid(List<String> requested) {
        return requested.isEmpty() || new HashSet<>(requested).size() != requested.size()
                || !seats.keySet().containsAll(requested);
    }
}
