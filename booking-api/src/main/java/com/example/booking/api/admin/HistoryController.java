package com.example.booking.api.admin;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.Ids;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.FindBookingQuery;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.history.FindBookingHistoryQuery;
import com.example.booking.shared.history.FindSeatMapAsOfQuery;
import com.example.booking.shared.history.FindTripHistoryQuery;
import com.example.booking.shared.history.HistoryEntry;
import com.example.booking.shared.seat.SeatMapView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** What happened, read from the event store: a booking's history, a trip's history, a past seat map. */
@RestController
@Tag(name = "History and administration")
class HistoryController {

    static final int MAX_PAGE = 1000;

    private final QueryGateway queries;

    HistoryController(QueryGateway queries) {
        this.queries = queries;
    }

    @Operation(summary = "The events of one booking, oldest first (its owner or ADMIN)")
    @GetMapping("/api/bookings/{reference}/history")
    List<HistoryEntry> bookingHistory(@PathVariable String reference, Authentication authentication) {
        CurrentUser caller = CurrentUser.of(authentication);
        if (!BookingReference.isValid(reference)) {
            throw new BookingRejectedException(ErrorCode.BOOKING_NOT_FOUND, "no such booking");
        }
        BookingView booking = queries.query(new FindBookingQuery(new BookingReference(reference)),
                        ResponseTypes.optionalInstanceOf(BookingView.class)).join()
                .orElseThrow(() -> new BookingRejectedException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + reference));
        if (!caller.admin() && !caller.owns(booking.userId())) {
            throw new BookingRejectedException(ErrorCode.FORBIDDEN, "not your booking");
        }
        return queries.query(new FindBookingHistoryQuery(new TripId(booking.tripId()), new BookingReference(reference),
                new UserId(booking.userId()), booking.seats()), ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join();
    }

    @Operation(summary = "A page of a trip's events by position, oldest first (ADMIN)")
    @GetMapping("/api/admin/trips/{tripId}/history")
    List<HistoryEntry> tripHistory(@PathVariable String tripId, @RequestParam(defaultValue = "0") long from,
                                   @RequestParam(defaultValue = "" + Long.MAX_VALUE) long to,
                                   @RequestParam(defaultValue = "100") int limit) {
        if (from < 0 || to < from || limit < 1 || limit > MAX_PAGE) {
            throw BookingRejectedException.invalid("0 <= from <= to, and 1 <= limit <= " + MAX_PAGE);
        }
        List<HistoryEntry> page = queries.query(new FindTripHistoryQuery(Ids.trip(tripId), from, to, limit),
                ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join();
        if (page.isEmpty() && from == 0) {
            throw new BookingRejectedException(ErrorCode.TRIP_NOT_FOUND, "no trip " + tripId);
        }
        return page;
    }

    @Operation(summary = "The seat map as it was at a moment, rebuilt from the events (ADMIN)")
    @GetMapping("/api/admin/trips/{tripId}/seats")
    SeatMapView seatsAsOf(@PathVariable String tripId, @RequestParam String asOf) {
        Instant moment;
        try {
            moment = Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw BookingRejectedException.invalid("asOf is an ISO-8601 instant, e.g. 2026-12-01T10:00:00Z");
        }
        return queries.query(new FindSeatMapAsOfQuery(Ids.trip(tripId), moment),
                        ResponseTypes.optionalInstanceOf(SeatMapView.class)).join()
                .orElseThrow(() -> new BookingRejectedException(ErrorCode.TRIP_NOT_FOUND, "no trip " + tripId + " at " + asOf));
    }
}
