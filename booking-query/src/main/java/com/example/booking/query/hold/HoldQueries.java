package com.example.booking.query.hold;

import com.example.booking.query.projection.ReadModelSlots;
import com.example.booking.shared.hold.FindHoldsQuery;
import com.example.booking.shared.hold.HoldView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/** Answers "which seats do I hold" from the live slot of the holds read model. */
@Component
class HoldQueries {

    private final ReadModelSlots slots;
    private final Clock clock;

    HoldQueries(ReadModelSlots slots, Clock clock) {
        this.slots = slots;
        this.clock = clock;
    }

    /** Unexpired holds only: a lapsed hold is gone for its user even before its expiry is processed. */
    @QueryHandler
    List<HoldView> handle(FindHoldsQuery query) {
        return slots.live(HoldProjector.GROUP).find(Query.query(Criteria.where("userId").is(query.userId().value())
                                .and("expiresAt").gt(clock.instant())).with(Sort.by("expiresAt", "_id")),
                        HoldDocument.class).stream()
                .map(hold -> new HoldView(hold.tripId(), hold.holdId(), hold.seats(), hold.expiresAt()))
                .toList();
    }
}
