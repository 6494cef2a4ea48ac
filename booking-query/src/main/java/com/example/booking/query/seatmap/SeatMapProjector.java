package com.example.booking.query.seatmap;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.BatchEnd;
import com.example.booking.query.projection.BatchedWrites;
import com.example.booking.query.projection.ProjectionSlot;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.seat.SeatStatus;
import com.example.booking.shared.seat.SeatsBlockedEvent;
import com.example.booking.shared.seat.SeatsUnblockedEvent;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TripScheduledEvent;
import com.example.booking.shared.TripEvent;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.live.SeatChange;
import com.example.booking.shared.live.SeatsChanged;
import com.example.booking.shared.seat.FindSeatMapQuery;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a trip's events into its seat documents and its summary (counts and revenue, in total and by
 * category). Seat documents are written first and the summary last, guarded by the trip position (one
 * update per trip and batch, see {@link SummaryChanges}), so an event delivered twice changes nothing and a
 * crash in between is repaired by replay.
 * Inside a processor's batch the seat and summary updates of all its events are gathered and sent in two
 * bulk writes at the batch's end ({@link BatchEnd}, {@link BatchedWrites}): a round trip per event is what
 * made this projection fall hundreds of events behind under load, and every command's answer waits for it.
 */
class SeatMapProjector {

    private static final Logger log = LoggerFactory.getLogger(SeatMapProjector.class);

    static final String GROUP = "seat-maps";
    private static final int BATCH = 1000;

    private final ProjectionSlot slot;
    private final String name;
    private final MongoTemplate mongo;
    private final ProjectionProgress progress;
    private final SeatPlans plans;
    private final LiveFeed feed;
    private final QueryUpdateEmitter updates;
    /** This instance's key among a batch's resources: the live and the rebuilt slot each gather their own. */
    private final String writesKey = getClass().getName() + "@" + System.identityHashCode(this);

    SeatMapProjector(ProjectionSlot slot, ProjectionProgress progress, LiveFeed feed, QueryUpdateEmitter updates) {
        this.slot = slot;
        this.name = slot.processorName();
        this.mongo = slot.template();
        this.progress = progress;
        this.plans = new SeatPlans(mongo);
        this.feed = feed;
        this.updates = updates;
        createIndexes();
    }

    /**
     * A trip's seats are read, in seat order, and replaced by trip: without this each read scans every seat.
     * A kept seat map is brought up to date with the seats changed after its position.
     */
    private void createIndexes() {
        mongo.indexOps(SeatDocument.class).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("idx", Sort.Direction.ASC));
        mongo.indexOps(SeatDocument.class).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("position", Sort.Direction.ASC));
    }

    @EventHandler
    void on(TripScheduledEvent event, @SequenceNumber long position) {
        String tripId = event.tripId().value();
        if (mongo.exists(Query.query(Criteria.where("_id").is(tripId)), TripDocument.class)) {
            progress.advance(name, tripId, position);
            return;
        }
        // seats of an earlier, interrupted attempt are replaced: the summary is written last
        plans.forget(tripId);
        mongo.remove(Query.query(Criteria.where("tripId").is(tripId)), SeatDocument.class);
        Map<String, Category> categories = new LinkedHashMap<>();
        event.categories().forEach(category -> categories.put(category.id(), category));
        Map<String, Integer> seatsPerCategory = new HashMap<>();
        List<SeatDocument> batch = new ArrayList<>(BATCH);
        List<SeatDefinition> seats = event.allSeats();
        for (int i = 0; i < seats.size(); i++) {
            SeatDefinition seat = seats.get(i);
            seatsPerCategory.merge(seat.category(), 1, Integer::sum);
            batch.add(new SeatDocument(SeatDocument.id(tripId, seat.label()), tripId, i, seat.label(),
                    SeatStatus.AVAILABLE.wire(), seat.category(), categories.get(seat.category()).price().toPlainString(),
                    seat.row(), seat.number(), seat.x(), seat.y(), null, null, null, position));
            if (batch.size() == BATCH) {
                mongo.insertAll(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            mongo.insertAll(batch);
        }
        Map<String, TripDocument.CategoryDocument> categoryDocuments = new LinkedHashMap<>();
        int order = 0;
        for (Category category : event.categories()) {
            int total = seatsPerCategory.getOrDefault(category.id(), 0);
            categoryDocuments.put(category.id(), new TripDocument.CategoryDocument(category.name(),
                    category.price().toPlainString(), order++, total, total, 0, 0, 0, 0));
        }
        mongo.insert(new TripDocument(tripId, event.name(), event.departsAt(), event.currency(), seats.size(),
                seats.size(), 0, 0, 0, 0, categoryDocuments, position));
        progress.advance(name, tripId, position);
    }

    @EventHandler
    void on(SeatsHeldEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "held", event.seats(), SeatStatus.AVAILABLE, SeatStatus.HELD,
                new Update().set("holder", event.userId().value()).set("holdId", event.holdId().value())
                        .set("expiresAt", event.expiresAt()), BigDecimal.ZERO);
    }

    @EventHandler
    void on(SeatsReleasedEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "released", event.seats(), SeatStatus.HELD, SeatStatus.AVAILABLE, clearHold(),
                BigDecimal.ZERO);
    }

    @EventHandler
    void on(HoldExpiredEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "released", event.seats(), SeatStatus.HELD, SeatStatus.AVAILABLE, clearHold(),
                BigDecimal.ZERO);
    }

    @EventHandler
    void on(BookingConfirmedEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "booked", event.seats(), SeatStatus.HELD, SeatStatus.BOOKED,
                new Update().unset("holdId").unset("expiresAt").set("holder", event.userId().value())
                        .set("booking", event.reference().value()),
                BigDecimal.ONE);
    }

    @EventHandler
    void on(BookingCancelledEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "cancelled", event.seats(), SeatStatus.BOOKED, SeatStatus.AVAILABLE,
                clearHold().unset("booking"), BigDecimal.ONE.negate());
    }

    @EventHandler
    void on(SeatsBlockedEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "blocked", event.seats(), SeatStatus.AVAILABLE, SeatStatus.BLOCKED,
                new Update().set("blockReason", event.reason()), BigDecimal.ZERO);
    }

    @EventHandler
    void on(SeatsUnblockedEvent event, @SequenceNumber long position, ReplayStatus replay) {
        move(event.tripId().value(), position, replay, "unblocked", event.seats(), SeatStatus.BLOCKED, SeatStatus.AVAILABLE,
                new Update().unset("blockReason"), BigDecimal.ZERO);
    }

    /** Events this projection does not show still move its position, so waiting readers are not stalled. */
    @EventHandler
    void on(TripEvent event, @SequenceNumber long position) {
        progress.advance(name, event.tripId().value(), position);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(SeatDocument.class);
        mongo.dropCollection(TripDocument.class);
        plans.clear();
        progress.reset(name);
        createIndexes();
    }

    /**
     * Moves seats from one status to another. {@code revenueSign} says whether the seats' prices are
     * earned (+1), refunded (-1) or neither (0).
     */
    private void move(String tripId, long position, ReplayStatus replay, String reason, List<String> labels,
                      SeatStatus from, SeatStatus to, Update seatUpdate, BigDecimal revenueSign) {
        // the trip's progress (read once per batch) says whether this event was applied; the summary's own
        // position guard below still keeps a redelivered event from counting twice
        long reached = progress.positionOf(name, tripId);
        if (reached >= position) {
            return;
        }
        if (reached >= 0 && reached < position - 1) {
            // every event of a trip passes this projection in order; a jump means the event stream skipped some
            log.warn("{}: trip {} jumps from position {} to {}: events {}..{} were not delivered", name, tripId,
                    reached, position, reached + 1, position - 1);
        }
        // one indexed update per seat, guarded by the seat's position like the summary below: an older event
        // applied again after a newer one (a batch another node had already applied, its positions not yet
        // stored when this node read them) must not take the seat back to what that older event said
        BatchedWrites writes = BatchedWrites.of(writesKey, mongo);
        Map<String, Integer> perCategory = new HashMap<>();
        Map<String, BigDecimal> revenuePerCategory = new HashMap<>();
        for (String label : labels) {
            writes.to(SeatDocument.class).updateOne(Query.query(Criteria.where("_id").is(SeatDocument.id(tripId, label))
                            .and("position").lt(position)),
                    seatUpdate.set("status", to.wire()).set("position", position));
            SeatPlans.SeatPrice seat = plans.of(tripId, label);
            perCategory.merge(seat.category(), 1, Integer::sum);
            revenuePerCategory.merge(seat.category(), seat.amount().multiply(revenueSign), BigDecimal::add);
        }

        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Long> units = new LinkedHashMap<>();
        counts.put(from.wire(), -labels.size());
        counts.put(to.wire(), labels.size());
        long revenueUnits = 0;
        for (Map.Entry<String, Integer> entry : perCategory.entrySet()) {
            String prefix = "categories." + entry.getKey() + ".";
            long categoryUnits = Amounts.toUnits(revenuePerCategory.get(entry.getKey()));
            counts.put(prefix + from.wire(), -entry.getValue());
            counts.put(prefix + to.wire(), entry.getValue());
            if (categoryUnits != 0) {
                units.put(prefix + "revenueUnits", categoryUnits);
                revenueUnits += categoryUnits;
            }
        }
        if (revenueUnits != 0) {
            units.put("revenueUnits", revenueUnits);
        }
        writes.gathered(SummaryChanges.KEY, () -> new SummaryChanges(mongo))
                .add(tripId, new SummaryChanges.Change(position, counts, units));
        progress.advance(name, tripId, position);
        if (slot.announces(replay)) {
            // a redelivered event may be announced twice; subscribers drop positions they already have
            SeatsChanged change = new SeatsChanged(tripId, position,
                    labels.stream().map(label -> new SeatChange(label, to.wire(), reason)).toList());
            writes.afterwards(() -> announce(change));
        }
        writes.sendUnlessBatched();
    }

    /** Live subscribers on every node (the feed) and in-process subscription queries hear of the change. */
    private void announce(SeatsChanged change) {
        feed.seatsChanged(change);
        updates.emit(FindSeatMapQuery.class, query -> query.tripId().value().equals(change.tripId()), change);
    }

    private static Update clearHold() {
        return new Update().unset("holdId").unset("expiresAt").unset("holder");
    }
}
