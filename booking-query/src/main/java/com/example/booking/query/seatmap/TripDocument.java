package com.example.booking.query.seatmap;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/** A trip's summary: counts by status, in total and per category, and the last trip position applied. */
@Document(TripDocument.COLLECTION)
record TripDocument(@Id String tripId, String name, Instant departsAt, String currency, int totalSeats,
                    int available, int held, int booked, int blocked, long revenueUnits,
                    Map<String, CategoryDocument> categories, long position) {

    static final String COLLECTION = "trips";

    /** Counts of one category; {@code order} keeps the order the trip listed its categories in. */
    record CategoryDocument(String name, String price, int order, int totalSeats, int available, int held,
                            int booked, int blocked, long revenueUnits) {
    }
}
