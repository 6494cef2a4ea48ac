package com.example.booking.api.booking;

import com.example.booking.api.web.IdempotencyKeys;
import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.CommandRunner;
import com.example.booking.api.web.OwnWrites;
import com.example.booking.api.web.Ids;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingResult;
import com.example.booking.shared.booking.BookingView;
import com.example.booking.shared.booking.CancelBookingCommand;
import com.example.booking.shared.booking.CancelResult;
import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.FindBookingQuery;
import com.example.booking.shared.booking.FindBookingsQuery;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Confirming held seats as bookings, reading and cancelling bookings. */
@RestController
@RequestMapping("/api/bookings")
@Tag(name = "Bookings")
public class BookingController {

    private final CommandRunner commands;
    private final QueryGateway queries;
    private final BookingReferences references;
    private final OwnWrites ownWrites;

    BookingController(CommandRunner commands, QueryGateway queries, BookingReferences references, OwnWrites ownWrites) {
        this.commands = commands;
        this.queries = queries;
        this.references = references;
        this.ownWrites = ownWrites;
    }

    public record BookingRequest(String tripId, List<String> seats, List<Passenger> passengers, Payment payment,
                          Contact contact) {
    }

    public record BookingResponse(String reference, String tripId, List<String> seats, String status, BigDecimal total,
                           String currency, Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BookingDetails(String reference, String tripId, List<String> seats, String status, BigDecimal total,
                          String currency, Instant createdAt, Instant cancelledAt, List<Passenger> passengers,
                          Payment payment, Contact contact, String userId) {
    }

    record CancelResponse(String reference, String status) {
    }

    @Operation(summary = "Confirm a booking from your unexpired holds, one passenger per seat")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BookingResponse confirm(@RequestBody BookingRequest request, Authentication authentication,
                            @RequestAttribute(name = IdempotencyKeys.REQUEST_KEY, required = false) String requestKey) {
        return confirm(request, CurrentUser.of(authentication), requestKey);
    }

    /**
     * Confirming, as every edge (REST, WebSocket) offers it. {@code requestKey}, when the client sent an
     * idempotency key, makes a re-run after a crash reuse the first run's booking reference.
     */
    public BookingResponse confirm(BookingRequest request, CurrentUser caller, String requestKey) {
        if (request.tripId() == null) {
            throw BookingRejectedException.invalid("tripId is required");
        }
        TripId tripId = Ids.trip(request.tripId());
        BookingReference reference = references.reserve(tripId, requestKey);
        BookingResult result = commands.run(new ConfirmBookingCommand(tripId, reference, caller.id(),
                request.seats(), request.passengers(), request.payment(), request.contact()), BookingResult::position);
        return new BookingResponse(result.reference(), result.tripId(), result.seats(), result.status(), result.total(),
                result.currency(), result.createdAt());
    }

    @Operation(summary = "Your bookings; ADMIN: everyone's, optionally of one trip")
    @GetMapping
    List<BookingDetails> bookings(@RequestParam(required = false) String tripId, Authentication authentication) {
        CurrentUser caller = CurrentUser.of(authentication);
        FindBookingsQuery query = new FindBookingsQuery(caller.admin() ? null : caller.id(),
                tripId == null ? null : Ids.trip(tripId));
        return queries.query(query, ResponseTypes.multipleInstancesOf(BookingView.class)).join().stream()
                .map(booking -> details(booking, caller)).toList();
    }

    @Operation(summary = "One booking (its owner or ADMIN)")
    @GetMapping("/{reference}")
    BookingDetails booking(@PathVariable String reference,
                           @RequestAttribute(name = OwnWrites.BEHIND, required = false) Boolean behind,
                           Authentication authentication) {
        CurrentUser caller = CurrentUser.of(authentication);
        BookingView booking = find(reference, behind == null);
        if (!caller.admin() && !caller.owns(booking.userId())) {
            throw new BookingRejectedException(ErrorCode.FORBIDDEN, "not your booking");
        }
        return details(booking, caller);
    }

    @Operation(summary = "Cancel a booking (its owner or ADMIN); its seats become available")
    @PostMapping("/{reference}/cancel")
    CancelResponse cancel(@PathVariable String reference, Authentication authentication) {
        CurrentUser caller = CurrentUser.of(authentication);
        // the booking's trip comes from its read model: a cancellation right after the confirmation finds it
        BookingView booking = find(reference, ownWrites.awaitFor(caller.id()));
        if (!caller.admin() && !caller.owns(booking.userId())) {
            throw new BookingRejectedException(ErrorCode.FORBIDDEN, "not your booking");
        }
        CancelResult result = commands.run(new CancelBookingCommand(new TripId(booking.tripId()),
                new BookingReference(booking.reference()), caller.id(), caller.admin()), CancelResult::position);
        if (!caller.owns(booking.userId())) {
            // the owner is told (by push, by mail, by the admin) and reads at once: their read waits for it too
            ownWrites.wrote(new UserId(booking.userId()), new TripId(booking.tripId()), result.position());
        }
        return new CancelResponse(result.reference(), result.status());
    }

    /** @param caughtUp whether the read models showed the caller's own writes before this read */
    private BookingView find(String reference, boolean caughtUp) {
        if (!BookingReference.isValid(reference)) {
            throw new BookingRejectedException(ErrorCode.BOOKING_NOT_FOUND, "no such booking");
        }
        return queries.query(new FindBookingQuery(new BookingReference(reference)),
                        ResponseTypes.optionalInstanceOf(BookingView.class)).join()
                .orElseThrow(() -> caughtUp
                        ? new BookingRejectedException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + reference)
                        : BookingRejectedException.readModelsBehind());
    }

    /** Everything for its owner and admins (who also see whose it is); called only for those two. */
    private static BookingDetails details(BookingView booking, CurrentUser caller) {
        return new BookingDetails(booking.reference(), booking.tripId(), booking.seats(), booking.status(),
                booking.total(), booking.currency(), booking.createdAt(), booking.cancelledAt(), booking.passengers(),
                booking.payment(), booking.contact(), caller.admin() ? booking.userId() : null);
    }
}
