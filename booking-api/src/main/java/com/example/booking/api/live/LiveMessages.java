package com.example.booking.api.live;

import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.SeatsChanged;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON messages of API.md's "Live updates", built in one place; the seat-map snapshot comes from
 * {@link com.example.booking.api.trip.RenderedSeatMaps}, which keeps the same seats for REST reads.
 */
final class LiveMessages {

    private LiveMessages() {
    }

    static Map<String, Object> changed(SeatsChanged change) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "seats.changed");
        message.put("tripId", change.tripId());
        message.put("position", change.position());
        message.put("changes", change.changes());
        return message;
    }

    /** A conflating subscriber's message: what changed from {@code fromPosition} to {@code position}. */
    static Map<String, Object> changedSince(RecentChanges.ChangesSince since) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "seats.changed");
        message.put("tripId", since.tripId());
        message.put("fromPosition", since.fromPosition());
        message.put("position", since.position());
        message.put("changes", since.changes());
        return message;
    }

    static Map<String, Object> booking(BookingNotice notice) {
        BookingView booking = notice.booking();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", notice.type());
        message.put("reference", booking.reference());
        message.put("tripId", booking.tripId());
        message.put("userId", booking.userId());
        message.put("seats", booking.seats());
        message.put("status", booking.status());
        message.put("total", booking.total());
        message.put("currency", booking.currency());
        message.put("createdAt", booking.createdAt());
        if (booking.cancelledAt() != null) {
            message.put("cancelledAt", booking.cancelledAt());
        }
        return message;
    }
}
