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
 * up per event would cost a query over the trip's seats each time. The plans kept are bounded by their
 * seats, not by trips: many small trips change at once in a steady load (a bound of 16 trips missed
 * almost every time with 200 busy trips), while one trip of 100,000 seats is about all a large one needs.
 */
class SeatPlans {

    static final int SEATS_KEPT = 200_000;

    private final MongoTemplate mongo;
    private final int seatsKept;
    private int seats;
    private final Map<String, Map<String, SeatPrice>> plans = new LinkedHashMap<>(64, 0.75f, true);

    SeatPlans(MongoTemplate mongo) {
        this(mongo, SEATS_KEPT);
    }

    SeatPlans(MongoTemplate mongo, int seatsKept) {
        this.mongo = mongo;
        this.seatsKept = seatsKept;
    }

    /** The two fields of a seat that a summary update needs. */
    record SeatPrice(String label, String category, String price) {

        BigDecimal amount() {
            return new BigDecimal(price);
        }
    }

    synchronized SeatPrice of(String tripId, String label) {
        Map<String, SeatPrice> plan = plans.get(tripId);
        SeatPrice seat = plan == null ? null : plan.get(label);
        if (seat == null) {
            // not kept, or read while the trip's seats were still being written: read it (again)
            plan = load(tripId);
            keep(tripId, plan);
            seat = plan.get(label);
        }
        return seat;
    }

    synchronized void forget(String tripId) {
        Map<String, SeatPrice> plan = plans.remove(tripId);
        if (plan != null) {
            seats -= plan.size();
        }
    }

    synchronized void clear() {
        plans.clear();
        seats = 0;
    }

    synchronized int tripsKept() {
        return plans.size();
    }

    private void keep(String tripId, Map<String, SeatPrice> plan) {
        forget(tripId);
        plans.put(tripId, plan);
        seats += plan.size();
        // the least recently used go first; the trip just read stays even when it alone is over the bound
        var eldest = plans.entrySet().iterator();
        while (seats > seatsKept && plans.size() > 1) {
            Map.Entry<String, Map<String, SeatPrice>> entry = eldest.next();
            seats -= entry.getValue().size();
            eldest.remove();
        }
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
