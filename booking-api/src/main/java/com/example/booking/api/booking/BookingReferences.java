package com.example.booking.api.booking;

import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripId;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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
    private static final String REQUEST_KEY = "requestKey";
    private static final int ATTEMPTS = 10;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    BookingReferences(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index().on(REQUEST_KEY, Sort.Direction.ASC).unique().sparse()
                .named("requestKey_unique"));
    }

    /**
     * A fresh reference; or, for a request that carries an idempotency {@code requestKey} already seen,
     * the reference that request got the first time, so that a retry after a crash confirms (or finds)
     * the same booking instead of making a second one.
     */
    BookingReference reserve(TripId tripId, String requestKey) {
        BookingReference earlier = reservedFor(requestKey);
        if (earlier != null) {
            return earlier;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BookingReference reference = next();
            Document reservation = new Document("_id", reference.value()).append("tripId", tripId.value())
                    .append("reservedAt", Date.from(clock.instant()));
            if (requestKey != null) {
                reservation.append(REQUEST_KEY, requestKey);
            }
            try {
                mongo.insert(reservation, COLLECTION);
                return reference;
            } catch (DuplicateKeyException taken) {
                // either the code was taken (try another) or a twin request with the same key got in first
                BookingReference twin = reservedFor(requestKey);
                if (twin != null) {
                    return twin;
                }
            }
        }
        throw new IllegalStateException("no free booking reference after " + ATTEMPTS + " attempts");
    }

    /** The reference reserved earlier under {@code requestKey}, or null. */
    private BookingReference reservedFor(String requestKey) {
        if (requestKey == null) {
            return null;
        }
        Document earlier = mongo.findOne(Query.query(Criteria.where(REQUEST_KEY).is(requestKey)), Document.class,
                COLLECTION);
        return earlier == null ? null : new BookingReference(earlier.getString("_id"));
    }

    private BookingReference next() {
        char[] code = new char[6];
        for (int i = 0; i < code.length; i++) {
            code[i] = BookingReference.ALPHABET.charAt(random.nextInt(BookingReference.ALPHABET.length()));
        }
        return new BookingReference(new String(code));
    }
}
