package com.example.booking.query.seatmap;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The category and price of every seat of recently changed trips. A trip's plan never changes after it
 * is scheduled, so it is read once and kept; the summary update of every event needs it, and looking it
 * up per event would cost a query over the trip's seats each time.
 */
class SeatPlans {

    private static final int TRIPS_KEPT = 16;

    private final MongoTemplate mongo;
    private final Map<String, Map<String, SeatPrice>> plans = new LinkedHashMap<>(TRIPS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, SeatPrice>> eldest) {
            return size() > TRIPS_KEPT;
        }
    };

    SeatPlans(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The two fields of a seat that a summary update needs. */
    record SeatPrice(String label, String category, String price) {

        BigDecimal amount() {
            return new BigDecimal(price);
        }
    }

    synchronized SeatPrice of(String tripId, String label) {
        Map<String, SeatPrice> plan = plans.computeIfAbsent(tripId, this::load);
        SeatPrice seat = plan.get(label);
        if (seat == null) {
            // a plan read while the trip's seats were still being written: read it again
            plan = load(tripId);
            plans.put(tripId, plan);
            seat = plan.get(label);
        }
        return seat;
    }

    synchronized void forget(String tripId) {
        plans.remove(tripId);
    }

    synchronized void clear() {
        plans.clear();
    }

    private Map<String, SeatPrice> load(String tripId) {
        Query seats = Query.query(Criteria.where("tripId").is(tripId));
        seats.fields().include("label").include("category").include("price");
        Map<String, SeatPrice> plan = new HashMap<>();
        for (SeatPrice seat : mongo.find(seats, SeatPrice.class, SeatDocument.COLLECTION)) {
            plan.put(seat.label(), seat);
        }
        return plan;
    }
}
