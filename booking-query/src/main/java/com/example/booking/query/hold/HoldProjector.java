package com.example.booking.query.hold;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.BatchedWrites;
import com.example.booking.query.projection.ProjectionSlot;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.hold.HoldExpiredEvent;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.TripEvent;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.live.HoldExpiredNotice;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.List;

/**
 * Each user's holds. Events a trip has already had applied are skipped by position; the rest are
 * idempotent by their shape (upsert by hold id, pull seats, remove empty holds), so a crash between
 * an update and its position mark is repaired by the redelivery. Removals are sent after the batch's
 * other writes ({@link BatchedWrites#last}): a hold id is never used again, so no later event of the
 * batch can bring a removed hold back, and an emptied hold stays empty.
 */
class HoldProjector {

    static final String GROUP = "holds";

    private final ProjectionSlot slot;
    private final String name;
    private final MongoTemplate mongo;
    private final ProjectionProgress progress;
    private final LiveFeed feed;
    /** This instance's key among a batch's resources: the live and the rebuilt slot each gather their own. */
    private final String writesKey = getClass().getName() + "@" + System.identityHashCode(this);

    HoldProjector(ProjectionSlot slot, ProjectionProgress progress, LiveFeed feed) {
        this.slot = slot;
        this.name = slot.processorName();
        this.mongo = slot.template();
        this.progress = progress;
        this.feed = feed;
        createIndexes();
    }

    /** A user's holds are listed by expiry; a trip's holds of one user are changed together. */
    private void createIndexes() {
        mongo.indexOps(HoldDocument.class).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("expiresAt", Sort.Direction.ASC));
        mongo.indexOps(HoldDocument.class).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("userId", Sort.Direction.ASC));
    }

    @EventHandler
    void on(SeatsHeldEvent event, @SequenceNumber long position) {
        String tripId = event.tripId().value();
        if (progress.isApplied(name, tripId, position)) {
            return;
        }
        BatchedWrites writes = BatchedWrites.of(writesKey, mongo);
        // an upsert of every field rather than a replacement: the driver sends replacements and updates as
        // separate commands, so mixing them would split the batch's updates again
        writes.to(HoldDocument.class).upsert(Query.query(Criteria.where("_id").is(event.holdId().value())),
                new Update().set("tripId", tripId).set("userId", event.userId().value()).set("seats", event.seats())
                        .set("expiresAt", event.expiresAt()));
        progress.advance(name, tripId, position);
        writes.sendUnlessBatched();
    }

    @EventHandler
    void on(SeatsReleasedEvent event, @SequenceNumber long position) {
        removeSeats(event.tripId().value(), event.userId().value(), event.seats(), position);
    }

    @EventHandler
    void on(BookingConfirmedEvent event, @SequenceNumber long position) {
        removeSeats(event.tripId().value(), event.userId().value(), event.seats(), position);
    }

    @EventHandler
    void on(HoldExpiredEvent event, @SequenceNumber long position, ReplayStatus replay) {
        if (progress.isApplied(name, event.tripId().value(), position)) {
            return;
        }
        BatchedWrites writes = BatchedWrites.of(writesKey, mongo);
        writes.last(HoldDocument.class).remove(Query.query(Criteria.where("_id").is(event.holdId().value())));
        progress.advance(name, event.tripId().value(), position);
        if (slot.announces(replay)) {
            HoldExpiredNotice notice = new HoldExpiredNotice(event.userId().value(), event.tripId().value(), event.seats());
            writes.afterwards(() -> feed.holdExpired(notice));
        }
        writes.sendUnlessBatched();
    }

    /** Events this projection does not show still move its position, so waiting readers are not stalled. */
    @EventHandler
    void on(TripEvent event, @SequenceNumber long position) {
        progress.advance(name, event.tripId().value(), position);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(HoldDocument.class);
        progress.reset(name);
        createIndexes();
    }

    private void removeSeats(String tripId, String userId, List<String> seats, long position) {
        if (progress.isApplied(name, tripId, position)) {
            return;
        }
        Query holdsOfUser = Query.query(Criteria.where("tripId").is(tripId).and("userId").is(userId)
                .and("seats").in(seats));
        BatchedWrites writes = BatchedWrites.of(writesKey, mongo);
        writes.to(HoldDocument.class).updateMulti(holdsOfUser, new Update().pullAll("seats", seats.toArray()));
        writes.last(HoldDocument.class)
                .remove(Query.query(Criteria.where("tripId").is(tripId).and("userId").is(userId).and("seats").size(0)));
        progress.advance(name, tripId, position);
        writes.sendUnlessBatched();
    }
}
