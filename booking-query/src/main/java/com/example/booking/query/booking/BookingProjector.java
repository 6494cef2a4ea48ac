package com.example.booking.query.booking;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.booking.BookingCancelledEvent;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.FindBookingQuery;
import com.example.booking.shared.booking.FindBookingsQuery;
import com.example.booking.shared.TripEvent;
import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.live.BookingNotice;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Bookings, one document each, keyed by reference; redelivered events are skipped by trip position. */
@Component
@ProcessingGroup(BookingProjector.GROUP)
class BookingProjector {

    static final String GROUP = "bookings";

    private final MongoTemplate mongo;
    private final ProjectionProgress progress;
    private final LiveFeed feed;

    BookingProjector(MongoTemplate mongo, ProjectionProgress progress, LiveFeed feed) {
        this.mongo = mongo;
        this.progress = progress;
        this.feed = feed;
    }

    @EventHandler
    void on(BookingConfirmedEvent event, @SequenceNumber long position, ReplayStatus replay) {
        String tripId = event.tripId().value();
        if (progress.isApplied(GROUP, tripId, position)) {
            return;
        }
        mongo.save(new BookingDocument(event.reference().value(), tripId, event.userId().value(), event.seats(),
                BookingView.CONFIRMED, event.total().amount().toPlainString(), event.total().currency(),
                event.confirmedAt(), null, event.passengers(), event.payment(), event.contact()));
        progress.advance(GROUP, tripId, position);
        announce("booking.created", event.reference().value(), replay);
    }

    @EventHandler
    void on(BookingCancelledEvent event, @SequenceNumber long position, ReplayStatus replay) {
        String tripId = event.tripId().value();
        if (progress.isApplied(GROUP, tripId, position)) {
            return;
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.reference().value())),
                new Update().set("status", BookingView.CANCELLED).set("cancelledAt", event.cancelledAt())
                        .set("cancelledBy", event.cancelledBy().value()), BookingDocument.class);
        progress.advance(GROUP, tripId, position);
        announce("booking.cancelled", event.reference().value(), replay);
    }

    private void announce(String type, String reference, ReplayStatus replay) {
        if (!replay.isReplay()) {
            Optional.ofNullable(mongo.findById(reference, BookingDocument.class))
                    .ifPresent(booking -> feed.bookingChanged(new BookingNotice(type, view(booking))));
        }
    }

    /** Events this projection does not show still move its position, so waiting readers are not stalled. */
    @EventHandler
    void on(TripEvent event, @SequenceNumber long position) {
        progress.advance(GROUP, event.tripId().value(), position);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(BookingDocument.class);
        progress.reset(GROUP);
    }

    @QueryHandler
    Optional<BookingView> handle(FindBookingQuery query) {
        return Optional.ofNullable(mongo.findById(query.reference().value(), BookingDocument.class))
                .map(BookingProjector::view);
    }

    @QueryHandler
    List<BookingView> handle(FindBookingsQuery query) {
        Criteria criteria = new Criteria();
        if (query.owner() != null) {
            criteria = criteria.and("userId").is(query.owner().value());
        }
        if (query.tripId() != null) {
            criteria = criteria.and("tripId").is(query.tripId().value());
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt")), BookingDocument.class)
                .stream().map(BookingProjector::view).toList();
    }

    private static BookingView view(BookingDocument booking) {
        return new BookingView(booking.reference(), booking.tripId(), booking.userId(), booking.seats(),
                booking.status(), new BigDecimal(booking.total()), booking.currency(), booking.createdAt(),
                booking.cancelledAt(), booking.passengers(), booking.payment(), booking.contact());
    }
}
