package com.example.booking.query.booking;

import com.example.booking.query.projection.ReadModelSlots;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.FindBookingQuery;
import com.example.booking.shared.booking.FindBookingsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Answers questions about bookings from the live slot of the bookings read model. */
@Component
class BookingQueries {

    private final ReadModelSlots slots;

    BookingQueries(ReadModelSlots slots) {
        this.slots = slots;
    }

    @QueryHandler
    Optional<BookingView> handle(FindBookingQuery query) {
        return Optional.ofNullable(slots.live(BookingProjector.GROUP).findById(query.reference().value(),
                BookingDocument.class)).map(BookingDocument::view);
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
        return slots.live(BookingProjector.GROUP)
                .find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt")), BookingDocument.class)
                .stream().map(BookingDocument::view).toList();
    }
}
