package com.example.booking.command.trip;

import com.example.booking.command.deadline.ExpirySweepDue;
import com.example.booking.command.deadline.HoldExpiryDue;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripId;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.UserId;
import com.example.booking.shared.batch.BatchOutcome;
import com.example.booking.shared.batch.TripCommandBatch;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.BookingResult;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.CancelBookingCommand;
import com.example.booking.shared.booking.CancelResult;
import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.HoldResult;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.ReleaseResult;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.BlockResult;
import com.example.booking.shared.seat.BlockSeatsCommand;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.ScheduleTripCommand;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TableDefinition;
import com.example.booking.shared.trip.TripScheduledEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The seats of one trip and every decision about them. This aggregate is the only place that decides
 * whether a seat may be held or booked; the event store's unique (aggregate, sequence) index makes that
 * decision stick even when two nodes race.
 * <p>
 * State is kept in parallel arrays indexed by seat, because a trip may have 100,000 seats and its
 * snapshot must stay compact (a JSON snapshot of per-seat objects would approach MongoDB's 16 MB limit).
 * Handlers read only the command, this state and the injected {@link Clock}.
 */
@Revision(TripSeats.SNAPSHOT_REVISION)
@Aggregate(snapshotTriggerDefinition = "tripSeatsSnapshotTrigger",
        commandTargetResolver = "tripCommandTargetResolver",
        cache = "tripSeatsCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE)
public class TripSeats {

    /** Per-hold expiry deadlines, as versions before the sweep scheduled them; still honoured. */
    public static final String HOLD_EXPIRY = "hold-expiry";
    /** One per {@link #SWEEP_WINDOW} in which holds expire: see {@link #sweepFor}. */
    public static final String EXPIRY_SWEEP = "hold-expiry-sweep";
    /**
     * The holds one expiry sweep serves: all that expire within the same 5 s. JobRunr looks for due jobs
     * every 5 s at the least and hands out any due before its next look, so a finer window bought no
     * earlier expiries, only more jobs: with a trip's holds a second or more apart (many quiet trips),
     * nearly every hold wrote a job of its own.
     */
    static final Duration SWEEP_WINDOW = Duration.ofSeconds(5);
    public static final int MAX_SEATS = 100_000;
    /** The form of this aggregate's snapshots; a new form needs a new revision and {@link ReadableSnapshots}. */
    public static final String SNAPSHOT_REVISION = "2";
    /** Event metadata, not payload: a scheduler's id is no business of the domain event. */
    static final String EXPIRY_DEADLINE_ID = "expiryDeadlineId";
    /** Event metadata: the moment of the expiry sweep the event's command scheduled. */
    static final String EXPIRY_SWEEP_AT = "expirySweepAt";

    static final byte AVAILABLE = 0;
    static final byte HELD = 1;
    static final byte BOOKED = 2;
    static final byte BLOCKED = 3;

    @AggregateIdentifier
    private String tripId;
    private long position;
    private List<Category> categories;
    private String[] labels;
    private int[] categoryOf;
    private byte[] status;
    private Map<String, List<String>> tables;
    @JsonSerialize(converter = RecordLists.Values.class)
    @JsonDeserialize(using = RecordLists.Holds.class)
    private Map<String, Hold> holds;
    @JsonSerialize(converter = RecordLists.Values.class)
    @JsonDeserialize(using = RecordLists.Bookings.class)
    private Map<String, Booking> bookings;
    /** Moments with an expiry sweep scheduled, from the events that scheduled them; past ones are dropped. */
    private TreeSet<Instant> sweeps;

    /**
     * The metadata of the batched command being decided; empty otherwise (Axon then copies the command
     * message's own). Never stored in a snapshot.
     */
    private transient MetaData origin = MetaData.emptyInstance();

    // Derived from labels and holds; rebuilt after loading a snapshot instead of being stored in it.
    private transient Map<String, Integer> seatIndex;
    private transient Map<Integer, String> holdOfSeat;

    /** How many seats the trip has: what a cached trip weighs. */
    public int seatCount() {
        return labels == null ? 0 : labels.length;
    }

    protected TripSeats() {
        // for Axon and for snapshot deserialisation
    }

    @CommandHandler
    public TripSeats(ScheduleTripCommand command) {
        TripPlanRules.check(command);
        emit(new TripScheduledEvent(command.tripId(), command.name().strip(), command.departsAt(),
                List.copyOf(command.categories()),
                command.layout() == null ? List.copyOf(command.seats()) : null,
                command.tables() == null ? List.of() : List.copyOf(command.tables()),
                command.layout()));
    }

    @CommandHandler
    public HoldResult handle(HoldSeatsCommand command, Clock clock, DeadlineManager deadlines) {
        Duration holdFor = command.holdFor() == null ? HoldSeatsCommand.DEFAULT_HOLD : command.holdFor();
        if (holdFor.compareTo(HoldSeatsCommand.MIN_HOLD) < 0 || holdFor.compareTo(HoldSeatsCommand.MAX_HOLD) > 0) {
            throw BookingRejectedException.invalid("holdMinutes must be between 1 and 30");
        }
        List<String> requested = seatsOrTable(command.seats(), command.table());
        Instant now = clock.instant();
        String user = command.actor().value();

        Conflicts conflicts = new Conflicts(now);
        Set<String> expiredHolds = new LinkedHashSet<>();
        List<String> fresh = new ArrayList<>();
        Instant earliestExpiry = null;
        for (String label : requested) {
            int seat = seatIndex().get(label);
            switch (status[seat]) {
                case BOOKED -> conflicts.booked(label);
                case BLOCKED -> conflicts.blocked(label);
                case HELD -> {
                    Hold hold = holds.get(holdOfSeat().get(seat));
                    if (hold.isExpiredAt(now)) {
                        expiredHolds.add(hold.holdId());
                        fresh.add(label);
                    } else if (hold.userId().equals(user)) {
                        earliestExpiry = min(earliestExpiry, hold.expiresAt());
                    } else {
                        conflicts.held(label, hold.expiresAt());
                    }
                }
                default -> fresh.add(label);
            }
        }
        conflicts.throwIfAny();

        expire(expiredHolds, deadlines);
        if (!fresh.isEmpty()) {
            Instant expiresAt = now.plus(holdFor);
            emit(new SeatsHeldEvent(command.tripId(), command.holdId(), command.actor(), List.copyOf(fresh), now,
                    expiresAt), sweepFor(expiresAt, deadlines));
            earliestExpiry = min(earliestExpiry, expiresAt);
        }
        return new HoldResult(tripId, requested, earliestExpiry, position);
    }

    @CommandHandler
    public ReleaseResult handle(ReleaseSeatsCommand command, Clock clock, DeadlineManager deadlines) {
        List<String> seats = knownSeats(command.seats());
        requireHeldBy(command.actor().value(), seats, clock.instant());
        Map<String, String> emptied = holdsEmptiedBy(seats);
        emit(new SeatsReleasedEvent(command.tripId(), command.actor(), seats, clock.instant()));
        cancelDeadlines(emptied, deadlines);
        return new ReleaseResult(tripId, seats, position);
    }

    @CommandHandler
    public BookingResult handle(ConfirmBookingCommand command, Clock clock, DeadlineManager deadlines) {
        BookingRules.check(command);
        Booking existing = bookings.get(command.reference().value());
        if (existing != null) {
            // a client retrying after a lost answer (a crash, a timeout) reuses its reference: answer again
            if (existing.isRepeatedBy(command.actor().value(), command.seats())) {
                return new BookingResult(existing.reference(), tripId, existing.seats(),
                        existing.cancelled() ? BookingView.CANCELLED : BookingView.CONFIRMED, existing.total(),
                        categories.get(0).currency(), existing.confirmedAt(), position);
            }
            throw BookingRejectedException.invalid("booking reference already used: " + command.reference());
        }
        List<String> seats = knownSeats(command.seats());
        Instant now = clock.instant();
        requireHeldBy(command.actor().value(), seats, now);
        BigDecimal total = BigDecimal.ZERO;
        for (String label : seats) {
            total = total.add(categories.get(categoryOf[seatIndex().get(label)]).price());
        }
        Map<String, String> completed = holdsEmptiedBy(seats);
        Money price = new Money(total, categories.get(0).currency());
        emit(new BookingConfirmedEvent(command.tripId(), command.reference(), command.actor(), seats,
                List.copyOf(command.passengers()), command.payment(), command.contact(), price, now,
                completed.keySet().stream().map(HoldId::new).toList()));
        cancelDeadlines(completed, deadlines);
        return new BookingResult(command.reference().value(), tripId, seats, BookingView.CONFIRMED, total,
                price.currency(), now, position);
    }

    @CommandHandler
    public CancelResult handle(CancelBookingCommand command, Clock clock) {
        Booking booking = bookings.get(command.reference().value());
        if (booking == null) {
            throw new BookingRejectedException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + command.reference());
        }
        if (!command.actorIsAdmin() && !booking.userId().equals(command.actor().value())) {
            throw new BookingRejectedException(ErrorCode.FORBIDDEN, "not your booking");
        }
        if (!booking.cancelled()) {
            emit(new BookingCancelledEvent(command.tripId(), command.reference(), new UserId(booking.userId()),
                    command.actor(), booking.seats(), new Money(booking.total(), categories.get(0).currency()),
                    clock.instant()));
        }
        return new CancelResult(booking.reference(), tripId, BookingView.CANCELLED, booking.seats(), position);
    }

    @CommandHandler
    public BlockResult handle(BlockSeatsCommand command, Clock clock, DeadlineManager deadlines) {
        List<String> seats = knownSeats(command.seats());
        Instant now = clock.instant();
        Conflicts conflicts = new Conflicts(now);
        Set<String> expiredHolds = new LinkedHashSet<>();
        List<String> toBlock = new ArrayList<>();
        for (String label : seats) {
            int seat = seatIndex().get(label);
            switch (status[seat]) {
                case BOOKED -> conflicts.booked(label);
                case HELD -> {
                    Hold hold = holds.get(holdOfSeat().get(seat));
                    if (hold.isExpiredAt(now)) {
                        expiredHolds.add(hold.holdId());
                        toBlock.add(label);
                    } else {
                        conflicts.held(label, hold.expiresAt());
                    }
                }
                case AVAILABLE -> toBlock.add(label);
                default -> {
                    // already blocked: blocking is idempotent
                }
            }
        }
        conflicts.throwIfAny();
        expire(expiredHolds, deadlines);
        if (!toBlock.isEmpty()) {
            emit(new SeatsBlockedEvent(command.tripId(), command.actor(), toBlock, command.reason(), now));
        }
        return new BlockResult(tripId, seats, "blocked", position);
    }

    @CommandHandler
    public BlockResult handle(UnblockSeatsCommand command, Clock clock) {
        List<String> seats = knownSeats(command.seats());
        List<String> blocked = seats.stream().filter(label -> status[seatIndex().get(label)] == BLOCKED).toList();
        if (!blocked.isEmpty()) {
            emit(new SeatsUnblockedEvent(command.tripId(), command.actor(), blocked, command.reason(),
                    clock.instant()));
        }
        return new BlockResult(tripId, seats, "available", position);
    }

    /**
     * Decides queued commands one after another on the same state (group commit). A refused command has
     * applied nothing (handlers validate before they apply), so it is answered and the batch goes on; any
     * other failure fails the whole batch, whose unit of work then rolls back.
     */
    @CommandHandler
    public List<BatchOutcome> handle(TripCommandBatch batch, Clock clock, DeadlineManager deadlines) {
        List<BatchOutcome> outcomes = new ArrayList<>(batch.commands().size());
        try {
            for (TripCommandBatch.Entry entry : batch.commands()) {
                origin = MetaData.from(entry.origin());
                try {
                    outcomes.add(BatchOutcome.of(decide(entry.command(), clock, deadlines)));
                } catch (BookingRejectedException refused) {
                    outcomes.add(BatchOutcome.refused(refused));
                }
            }
        } finally {
            origin = MetaData.emptyInstance();
        }
        return outcomes;
    }

    private Object decide(TripCommand command, Clock clock, DeadlineManager deadlines) {
        if (command instanceof HoldSeatsCommand hold) {
            return handle(hold, clock, deadlines);
        } else if (command instanceof ReleaseSeatsCommand release) {
            return handle(release, clock, deadlines);
        } else if (command instanceof ConfirmBookingCommand confirm) {
            return handle(confirm, clock, deadlines);
        } else if (command instanceof CancelBookingCommand cancel) {
            return handle(cancel, clock);
        } else if (command instanceof BlockSeatsCommand block) {
            return handle(block, clock, deadlines);
        } else if (command instanceof UnblockSeatsCommand unblock) {
            return handle(unblock, clock);
        }
        throw new IllegalArgumentException("cannot batch " + command.getClass().getSimpleName());
    }

    /**
     * Makes sure a sweep runs soon after {@code expiresAt}: the first hold expiring in a sweep window
     * schedules that window's sweep and records it on its event; the others find it scheduled. The sweep
     * is due one window after the window ends, so the scheduler, which hands out jobs up to a poll
     * interval (5 s) early, still runs it after every hold of the window has expired: an early sweep would
     * have to schedule itself again, a second job. Sweeps are not cancelled when their holds end early:
     * one serves many holds, and an idle sweep changes nothing.
     */
    private MetaData sweepFor(Instant expiresAt, DeadlineManager deadlines) {
        Instant windowEnd = windowEnd(expiresAt);
        Instant sweepAt = windowEnd.plus(SWEEP_WINDOW);
        if (sweeps().contains(sweepAt)) {
            return MetaData.emptyInstance();
        }
        deadlines.schedule(sweepAt, EXPIRY_SWEEP, new ExpirySweepDue(sweepAt, windowEnd));
        return MetaData.with(EXPIRY_SWEEP_AT, sweepAt.toString());
    }

    /** The end of the sweep window holding {@code moment}: the first multiple of the window at or after it. */
    static Instant windowEnd(Instant moment) {
        long window = SWEEP_WINDOW.toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(moment.toEpochMilli(), window) * window);
        return start.equals(moment) ? moment : start.plusMillis(window);
    }

    /**
     * Expires every hold of the trip that has run out, oldest first. A sweep run before the last of its
     * window's holds expired (a scheduler polling less often than the window) ends no hold but asks again
     * for its moment: a hold never ends before its time.
     */
    @DeadlineHandler(deadlineName = EXPIRY_SWEEP)
    public void on(ExpirySweepDue due, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        if (now.isBefore(due.covered())) {
            deadlines.schedule(due.at(), EXPIRY_SWEEP, due);
            return;
        }
        expire(holds.values().stream().filter(hold -> hold.isExpiredAt(now))
                .sorted(Comparator.comparing(Hold::expiresAt).thenComparing(Hold::holdId)).map(Hold::holdId)
                .collect(Collectors.toCollection(LinkedHashSet::new)), deadlines);
    }

    /**
     * Makes an expiry visible promptly. It may run late (the scheduler polls) or after the hold was
     * already expired by a later request; then it does nothing. It may also run early: JobRunr hands
     * out jobs due within its next poll interval. A hold is never ended before its time, so an early
     * run asks again for the expiry moment. (The new deadline's id is not recorded: should the hold
     * be released or booked first, that deadline finds no hold and does nothing.)
     */
    @DeadlineHandler(deadlineName = HOLD_EXPIRY)
    public void on(HoldExpiryDue due, Clock clock, DeadlineManager deadlines) {
        Hold hold = holds.get(due.holdId());
        if (hold == null) {
            return;
        }
        if (!hold.isExpiredAt(clock.instant())) {
            deadlines.schedule(hold.expiresAt(), HOLD_EXPIRY, due);
            return;
        }
        emit(new HoldExpiredEvent(new TripId(tripId), new HoldId(hold.holdId()), new UserId(hold.userId()),
                List.copyOf(hold.seats()), hold.expiresAt()));
    }

    @EventSourcingHandler
    void on(TripScheduledEvent event, @SequenceNumber long sequence) {
        tripId = event.tripId().value();
        position = sequence;
        categories = List.copyOf(event.categories());
        List<SeatDefinition> seats = event.allSeats();
        labels = new String[seats.size()];
        categoryOf = new int[seats.size()];
        status = new byte[seats.size()];
        Map<String, Integer> categoryIndex = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            categoryIndex.put(categories.get(i).id(), i);
        }
        for (int i = 0; i < seats.size(); i++) {
            labels[i] = seats.get(i).label();
            categoryOf[i] = categoryIndex.get(seats.get(i).category());
        }
        tables = new HashMap<>();
        if (event.tables() != null) {
            for (TableDefinition table : event.tables()) {
                tables.put(table.id(), List.copyOf(table.seats()));
            }
        }
        holds = new HashMap<>();
        bookings = new HashMap<>();
    }

    @EventSourcingHandler
    void on(SeatsHeldEvent event, @SequenceNumber long sequence,
            @MetaDataValue(EXPIRY_DEADLINE_ID) String deadlineId, @MetaDataValue(EXPIRY_SWEEP_AT) String sweepAt) {
        position = sequence;
        sweeps().headSet(event.heldAt()).clear();
        if (sweepAt != null) {
            sweeps().add(Instant.parse(sweepAt));
        }
        holds.put(event.holdId().value(), new Hold(event.holdId().value(), event.userId().value(),
                event.expiresAt(), List.copyOf(event.seats()), deadlineId));
        for (String label : event.seats()) {
            int seat = seatIndex().get(label);
            status[seat] = HELD;
            holdOfSeat().put(seat, event.holdId().value());
        }
    }

    @EventSourcingHandler
    void on(SeatsReleasedEvent event, @SequenceNumber long sequence) {
        position = sequence;
        freeHeldSeats(event.seats(), AVAILABLE);
    }

    @EventSourcingHandler
    void on(HoldExpiredEvent event, @SequenceNumber long sequence) {
        position = sequence;
        freeHeldSeats(event.seats(), AVAILABLE);
        holds.remove(event.holdId().value());
    }

    @EventSourcingHandler
    void on(BookingConfirmedEvent event, @SequenceNumber long sequence) {
        position = sequence;
        freeHeldSeats(event.seats(), BOOKED);
        bookings.put(event.reference().value(), new Booking(event.reference().value(), event.userId().value(),
                List.copyOf(event.seats()), event.total().amount(), false, event.confirmedAt()));
    }

    @EventSourcingHandler
    void on(BookingCancelledEvent event, @SequenceNumber long sequence) {
        position = sequence;
        bookings.computeIfPresent(event.reference().value(), (reference, booking) -> booking.cancel());
        for (String label : event.seats()) {
            status[seatIndex().get(label)] = AVAILABLE;
        }
    }

    @EventSourcingHandler
    void on(SeatsBlockedEvent event, @SequenceNumber long sequence) {
        position = sequence;
        for (String label : event.seats()) {
            status[seatIndex().get(label)] = BLOCKED;
        }
    }

    @EventSourcingHandler
    void on(SeatsUnblockedEvent event, @SequenceNumber long sequence) {
        position = sequence;
        for (String label : event.seats()) {
            status[seatIndex().get(label)] = AVAILABLE;
        }
    }

    /** Applies an event with the origin of the command being decided (inside a batch) as its metadata. */
    private void emit(Object event) {
        emit(event, MetaData.emptyInstance());
    }

    private void emit(Object event, MetaData metaData) {
        apply(event, origin.mergedWith(metaData));
    }

    /** Moves held seats out of their holds; holds left empty are forgotten. */
    private void freeHeldSeats(List<String> seats, byte newStatus) {
        Map<String, Set<String>> byHold = new LinkedHashMap<>();
        for (String label : seats) {
            int seat = seatIndex().get(label);
            String holdId = holdOfSeat().remove(seat);
            status[seat] = newStatus;
            if (holdId != null) {
                byHold.computeIfAbsent(holdId, id -> new LinkedHashSet<>()).add(label);
            }
        }
        byHold.forEach((holdId, removed) -> {
            Hold rest = holds.get(holdId).without(removed);
            if (rest.seats().isEmpty()) {
                holds.remove(holdId);
            } else {
                holds.put(holdId, rest);
            }
        });
    }

    private void expire(Set<String> holdIds, DeadlineManager deadlines) {
        for (String holdId : holdIds) {
            Hold hold = holds.get(holdId);
            emit(new HoldExpiredEvent(new TripId(tripId), new HoldId(holdId), new UserId(hold.userId()),
                    List.copyOf(hold.seats()), hold.expiresAt()));
            cancelDeadline(hold.expiryDeadlineId(), deadlines);
        }
    }

    private static void cancelDeadlines(Map<String, String> deadlineIdByHold, DeadlineManager deadlines) {
        deadlineIdByHold.values().forEach(deadlineId -> cancelDeadline(deadlineId, deadlines));
    }

    private static void cancelDeadline(String deadlineId, DeadlineManager deadlines) {
        if (deadlineId != null) {
            deadlines.cancelSchedule(HOLD_EXPIRY, deadlineId);
        }
    }

    /** The holds that {@code seats} leaving would empty, with their expiry deadline ids. */
    private Map<String, String> holdsEmptiedBy(List<String> seats) {
        Map<String, Integer> leaving = new HashMap<>();
        for (String label : seats) {
            String holdId = holdOfSeat().get(seatIndex().get(label));
            if (holdId != null) {
                leaving.merge(holdId, 1, Integer::sum);
            }
        }
        Map<String, String> emptied = new LinkedHashMap<>();
        leaving.forEach((holdId, count) -> {
            Hold hold = holds.get(holdId);
            if (hold.seats().size() == count) {
                emptied.put(holdId, hold.expiryDeadlineId());
            }
        });
        return emptied;
    }

    /** Every seat must be held by {@code user} and unexpired; otherwise refuse, naming the seats. */
    private void requireHeldBy(String user, List<String> seats, Instant now) {
        List<String> notHolder = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (String label : seats) {
            int seat = seatIndex().get(label);
            String holdId = status[seat] == HELD ? holdOfSeat().get(seat) : null;
            Hold hold = holdId == null ? null : holds.get(holdId);
            if (hold == null || !hold.userId().equals(user)) {
                notHolder.add(label);
            } else if (hold.isExpiredAt(now)) {
                expired.add(label);
            }
        }
        if (!notHolder.isEmpty()) {
            List<String> all = new ArrayList<>(notHolder);
            all.addAll(expired);
            throw BookingRejectedException.conflict(ErrorCode.NOT_HOLDER,
                    "seats not held by you: " + String.join(", ", notHolder), all, null);
        }
        if (!expired.isEmpty()) {
            throw BookingRejectedException.conflict(ErrorCode.HOLD_EXPIRED,
                    "your hold has expired on: " + String.join(", ", expired), expired, null);
        }
    }

    private List<String> seatsOrTable(List<String> seats, String table) {
        boolean hasSeats = seats != null && !seats.isEmpty();
        if (hasSeats == (table != null)) {
            throw BookingRejectedException.invalid("give either seats or table");
        }
        if (table != null) {
            List<String> tableSeats = tables.get(table);
            if (tableSeats == null) {
                throw BookingRejectedException.invalid("unknown table: " + table);
            }
            return tableSeats;
        }
        return knownSeats(seats);
    }

    /** 1–50 distinct seats of this trip, or {@code invalid_data} naming the unknown ones. */
    private List<String> knownSeats(List<String> seats) {
        if (seats == null || seats.isEmpty() || seats.size() > HoldSeatsCommand.MAX_SEATS) {
            throw BookingRejectedException.invalid("give 1 to " + HoldSeatsCommand.MAX_SEATS + " seats");
        }
        if (new LinkedHashSet<>(seats).size() != seats.size()) {
            throw BookingRejectedException.invalid("a seat is named twice");
        }
        List<String> unknown = seats.stream().filter(label -> label == null || !seatIndex().containsKey(label)).toList();
        if (!unknown.isEmpty()) {
            throw BookingRejectedException.unknownSeats(unknown);
        }
        return List.copyOf(seats);
    }

    private Map<String, Integer> seatIndex() {
        if (seatIndex == null) {
            Map<String, Integer> index = new HashMap<>(labels.length * 2);
            for (int i = 0; i < labels.length; i++) {
                index.put(labels[i], i);
            }
            seatIndex = index;
        }
        return seatIndex;
    }

    private Map<Integer, String> holdOfSeat() {
        if (holdOfSeat == null) {
            Map<Integer, String> index = new HashMap<>();
            holds.values().forEach(hold -> hold.seats().forEach(label -> index.put(seatIndex().get(label), hold.holdId())));
            holdOfSeat = index;
        }
        return holdOfSeat;
    }

    /** Created on first use: snapshots taken before sweeps existed have none. */
    private TreeSet<Instant> sweeps() {
        if (sweeps == null) {
            sweeps = new TreeSet<>();
        }
        return sweeps;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
