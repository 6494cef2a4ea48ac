package com.example.booking.query.booking;

import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A booking as shown to its owner and to admins. */
@Document(BookingDocument.COLLECTION)
record BookingDocument(@Id String reference, String tripId, String userId, List<String> seats, String status,
                       String total, String currency, Instant createdAt, Instant cancelledAt,
                       List<Passenger> passengers, Payment payment, Contact contact) {

    static final String COLLECTION = "bookings";

    BookingView view() {
        return new BookingView(reference, tripId, userId, seats, status, new BigDecimal(total), currency, createdAt,
                cancelledAt, passengers, payment, contact);
    }
}
