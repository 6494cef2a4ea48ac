package com.example.booking.query.hold;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** One hold of one user, with the seats it still has. */
@Document(HoldDocument.COLLECTION)
record HoldDocument(@Id String holdId, String tripId, String userId, List<String> seats, Instant expiresAt) {

    static final String COLLECTION = "holds";
}
