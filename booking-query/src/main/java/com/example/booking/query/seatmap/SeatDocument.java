package com.example.booking.query.seatmap;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One seat of one trip, a document per seat so a change touches only its seats. {@code position} is the
 * trip position that last changed the seat.
 */
@Document(SeatDocument.COLLECTION)
record SeatDocument(@Id String id, String tripId, int idx, String label, String status, String category,
                    String price, int row, int number, double x, double y, String holder, String holdId,
                    Instant expiresAt, long position) {

    static final String COLLECTION = "seats";

    static String id(String tripId, String label) {
        return tripId + "|" + label;
    }
}
