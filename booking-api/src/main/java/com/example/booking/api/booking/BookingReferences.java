package com.example.booking.api.booking;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripId;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;

/**
 * Makes booking references before the command is sent (the aggregate stays deterministic) and keeps
 * them unique across all trips: a 6-character code has only ~900 million values, so collisions become
 * likely after tens of thousands of bookings. Each reference is reserved by inserting it as an
 * {@code _id}; MongoDB's unique {@code _id} decides who got it.
 */
@Component
class BookingReferences {

    static final String COLLECTION = "booking_references";
    private static final int ATTEMPTS = 10;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    BookingReferences(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    BookingReference reserve(TripId tripId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BookingReference reference = next();
            try {
                mongo.insert(new Document("_id", reference.value()).append("tripId", tripId.value())
                        .append("reservedAt", Date.from(clock.instant())), COLLECTION);
                return reference;
            } catch (DuplicateKeyException taken) {
                // try another code
            }
        }
        throw new IllegalStateException("no free booking reference after " + ATTEMPTS + " attempts");
    }

    private BookingReference next() {
        char[] code = new char[6];
        for (int i = 0; i < code.length; i++) {
            code[i] = BookingReference.ALPHABET.charAt(random.nextInt(BookingReference.ALPHABET.length()));
        }
        return new BookingReference(new String(code));
    }
}
