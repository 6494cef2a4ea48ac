package com.example.booking.query.seatmap;

import com.example.booking.shared.seat.FindSeatMapQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.trip.FindTripQuery;
import com.example.booking.shared.trip.FindTripStatsQuery;
import com.example.booking.shared.trip.FindTripsQuery;
import com.example.booking.shared.trip.TripStatsView;
import com.example.booking.shared.trip.TripView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import com.example.booking.query.projection.ReadModelSlots;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.example.booking.shared.seat.SeatStatus;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers the questions about trips and seats from the read models. */
@Component
class SeatMapQueries {

    /** A seat map read while an event is half applied is read again; this bounds how often. */
    private static final int CONSISTENT_READ_ATTEMPTS = 20;

    /** Trips whose seats are kept between reads; a large trip's list is a few MB. */
    private static final int RECENT_TRIPS = 64;

    private final ReadModelSlots slots;
    private final Clock clock;
    private final RecentSeatLists recent = new RecentSeatLists(RECENT_TRIPS);

    SeatMapQueries(ReadModelSlots slots, Clock clock) {
        this.slots = slots;
        this.clock = clock;
    }

    /** Each answer reads one slot, even if a rebuild switches slots while it reads. */
    private MongoTemplate mongo() {
        return slots.live(SeatMapProjector.GROUP);
    }

    @QueryHandler
    Optional<TripView> handle(FindTripQuery query) {
        return Optional.ofNullable(mongo().findById(query.tripId().value(), TripDocument.class)).map(SeatMapQueries::view);
    }

    @QueryHandler
    List<TripView> handle(FindTripsQuery query) {
        return mongo().find(new Query().with(Sort.by("departsAt", "_id")), TripDocument.class).stream()
                .map(SeatMapQueries::view).toList();
    }

    @QueryHandler
    Optional<TripStatsView> handle(FindTripStatsQuery query) {
        return Optional.ofNullable(mongo().findById(query.tripId().value(), TripDocument.class)).map(trip ->
                new TripStatsView(trip.tripId(), trip.totalSeats(), trip.available(), trip.held(), trip.booked(),
                        trip.blocked(), Amounts.fromUnits(trip.revenueUnits()), trip.currency(),
                        trip.categories().entrySet().stream()
                                .sorted(Comparator.comparingInt(entry -> entry.getValue().order()))
                                .map(entry -> new TripStatsView.CategoryStats(entry.getKey(), entry.getValue().name(),
                                        new BigDecimal(entry.getValue().price()), entry.getValue().totalSeats(),
                                        entry.getValue().available(), entry.getValue().held(), entry.getValue().booked(),
                                        entry.getValue().blocked(), Amounts.fromUnits(entry.getValue().revenueUnits())))
                                .toList(),
                        trip.position()));
    }

    /**
     * Seat documents are updated before the trip's position moves, so reading the position first and
     * then the seats gives every change up to that position; a seat newer than it means an event is
     * being applied right now, and the map is read again. A client never gets half of an event. All of a
     * trip's seats are read (and shared, see {@link RecentSeatLists}); the filters apply to that list.
     */
    @QueryHandler
    Optional<SeatMapView> handle(FindSeatMapQuery query) {
        String tripId = query.tripId().value();
        MongoTemplate mongo = mongo();
        for (int attempt = 1; ; attempt++) {
            TripDocument trip = mongo.findById(tripId, TripDocument.class);
            if (trip == null) {
                return Optional.empty();
            }
            Supplier<List<SeatDocument>> fetch = () -> mongo.find(seatsOf(tripId), SeatDocument.class);
            RecentSeatLists.Snapshot snapshot = recent.seats(mongo, tripId, trip.position(), fetch,
                    since -> mongo.find(seatsChangedAfter(tripId, since), SeatDocument.class));
            if (snapshot == null && attempt == CONSISTENT_READ_ATTEMPTS) {
                snapshot = new RecentSeatLists.Snapshot(mongo, trip.position(), fetch.get());
            }
            if (snapshot != null) {
                Instant now = clock.instant();
                List<SeatMapView.Seat> views = snapshot.seats().stream().map(seat -> view(seat, now))
                        .filter(query::shows).toList();
                return Optional.of(new SeatMapView(tripId, snapshot.position(), views));
            }
        }
    }

    private static Query seatsChangedAfter(String tripId, long position) {
        return Query.query(Criteria.where("tripId").is(tripId).and("position").gt(position));
    }

    private static Query seatsOf(String tripId) {
        return Query.query(Criteria.where("tripId").is(tripId)).with(Sort.by("idx"));
    }

    private static TripView view(TripDocument trip) {
        return new TripView(trip.tripId(), trip.name(), trip.departsAt(), trip.totalSeats(), trip.available(),
                trip.held(), trip.booked(), trip.blocked(), trip.position());
    }

    /**
     * A hold whose time has passed is shown as available even before its expiry event is applied: the
     * trip already treats such a seat as free, and so should the map.
     */
    private static SeatMapView.Seat view(SeatDocument seat, Instant now) {
        boolean lapsed = seat.expiresAt() != null && !now.isBefore(seat.expiresAt())
                && SeatStatus.HELD.wire().equals(seat.status());
        if (lapsed) {
            return new SeatMapView.Seat(seat.label(), SeatStatus.AVAILABLE.wire(), seat.category(),
                    new BigDecimal(seat.price()), seat.row(), seat.number(), seat.x(), seat.y(), null, null);
        }
        return new SeatMapView.Seat(seat.label(), seat.status(), seat.category(), new BigDecimal(seat.price()),
                seat.row(), seat.number(), seat.x(), seat.y(), seat.expiresAt(), seat.holder());
    }
}
