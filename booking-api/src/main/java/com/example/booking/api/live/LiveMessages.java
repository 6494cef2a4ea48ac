package com.example.booking.api.live;

import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.SeatsChanged;
import com.example.booking.shared.seat.SeatMapView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON messages of API.md's "Live updates", built in one place. */
final class LiveMessages {

    private LiveMessages() {
    }

    static Map<String, Object> snapshot(SeatMapView map, String viewer) {
        List<Map<String, Object>> seats = map.seats().stream().map(seat -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("label", seat.label());
            view.put("status", seat.status());
            view.put("category", seat.category());
            view.put("price", seat.price());
            view.put("row", seat.row());
            view.put("number", seat.number());
            view.put("x", seat.x());
            view.put("y", seat.y());
            if (seat.expiresAt() != null) {
                view.put("expiresAt", seat.expiresAt());
                if (viewer != null && viewer.equals(seat.holder())) {
                    view.put("heldByMe", true);
                }
            }
            return view;
        }).toList();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "seats.snapshot");
        message.put("tripId", map.tripId());
        message.put("position", map.position());
        message.put("seats", seats);
        return message;
    }

    static Map<String, Object> changed(SeatsChanged change) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "seats.changed");
        message.put("tripId", change.tripId());
        message.put("position", change.position());
        message.put("changes", change.changes());
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
