package com.example.booking.query.booking;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.BatchedWrites;
import com.example.booking.query.projection.ProjectionSlot;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.TripEvent;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.live.BookingNotice;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Bookings, one document each, keyed by reference; redelivered events are skipped by trip position. */
class BookingProjector {

    static final String GROUP = "bookings";

    private final ProjectionSlot slot;
    private final String name;
    private final MongoTemplate mongo;
    private final ProjectionProgress progress;
    private final LiveFeed feed;
    /** This instance's key among a batch's resources: the live and the rebuilt slot each gather their own. */
    private final String writesKey = getClass().getName() + "@" + System.identityHashCode(this);

    BookingProjector(ProjectionSlot slot, ProjectionProgress progress, LiveFeed feed) {
        this.slot = slot;
        this.name = slot.processorName();
        this.mongo = slot.template();
        this.progress = progress;
        this.feed = feed;
        createIndexes();
    }

    /** Bookings are listed per user and per trip, newest first. */
    private void createIndexes() {
        mongo.indexOps(BookingDocument.class).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(BookingDocument.class).createIndex(new Index().on("tripId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
    }

    @EventHandler
    void on(BookingConfirmedEvent event, @SequenceNumber long position, ReplayStatus replay) {
        String tripId = event.tripId().value();
        if (progress.isApplied(name, tripId, position)) {
            return;
        }
        BatchedWrites writes = BatchedWrites.of(writesKey, mongo);
        BookingDocument booking = new BookingDocument(event.reference().value(), tripId, event.userId().value(),
                event.seats(), BookingView.CONFIRMED, event.total().amount().toPlainString(), event.total().currency(),
                event.confirmedAt().truncatedTo(ChronoUnit.MILLIS), null, event.passengers(), event.payment(),
                event.contact());
        writes.to(BookingDocument.class).replaceOne(Query.query(Criteria.where("_id").is(booking.reference())), booking,
                FindAndReplaceOptions.options().upsert());
        progress.advance(name, tripId, position);
        // a new booking is announced as written (to the millisecond MongoDB keeps): reading it back cost a
        // round trip per booking, each one more wait for the confirms awaiting this batch
        if (slot.announces(replay)) {
            BookingNotice created = new BookingNotice("booking.created", booking.view());
            writes.afterwards(() -> feed.bookingChanged(created));
        }
        writes.sendUnlessBatched();
    }

    @EventHandler
    void on(BookingCancelledEvent event, @SequenceNumber long position, ReplayStatus replay) {
        String tripId = event.tripId().value();
        if (progress.isApplied(name, tripId, position)) {
            return;
        }
        BatchedWrites writes = BatchedWrites.of(writesKey, mongo);
        writes.to(BookingDocument.class).updateOne(Query.query(Criteria.where("_id").is(event.reference().value())),
                new Update().set("status", BookingView.CANCELLED).set("cancelledAt", event.cancelledAt())
                        .set("cancelledBy", event.cancelledBy().value()));
        progress.advance(name, tripId, position);
        announceCancelled(writes, event.reference().value(), replay);
        writes.sendUnlessBatched();
    }

    /** Announced once the batch is stored, with the booking as the read model then shows it. */
    private void announceCancelled(BatchedWrites writes, String reference, ReplayStatus replay) {
        if (slot.announces(replay)) {
            writes.afterwards(() -> Optional.ofNullable(mongo.findById(reference, BookingDocument.class))
                    .ifPresent(booking -> feed.bookingChanged(new BookingNotice("booking.cancelled", booking.view()))));
        }
    }

    /** Events this projection does not show still move its position, so waiting readers are not stalled. */
    @EventHandler
    void on(TripEvent event, @SequenceNumber long position) {
        progress.advance(name, event.tripId().value(), position);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(BookingDocument.class);
        progress.reset(name);
        createIndexes();
    }
}
