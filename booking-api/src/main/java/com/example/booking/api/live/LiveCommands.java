package com.example.booking.api.live;

import com.example.booking.api.booking.BookingController;
import com.example.booking.api.error.ErrorBody;
import com.example.booking.api.hold.Holds;
import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.RequestOrigin;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hold, release and confirm over the WebSocket session. Each answer goes to the sender's
 * {@code /user/queue/replies} with the request's {@code requestId}, and carries the same body, or the
 * same error code, as the REST answer would.
 */
@Controller
class LiveCommands {

    private static final Logger log = LoggerFactory.getLogger(LiveCommands.class);

    private final Holds holds;
    private final BookingController bookings;
    private final SimpMessagingTemplate stomp;
    private final ObjectMapper json;

    LiveCommands(Holds holds, BookingController bookings, SimpMessagingTemplate stomp, ObjectMapper json) {
        this.holds = holds;
        this.bookings = bookings;
        this.stomp = stomp;
        this.json = json;
    }

    record HoldMessage(String requestId, List<String> seats, String table, Integer holdMinutes) {
    }

    record ReleaseMessage(String requestId, List<String> seats) {
    }

    record ConfirmMessage(String requestId, String tripId, List<String> seats, List<Passenger> passengers,
                          Payment payment, Contact contact) {
    }

    @MessageMapping("/trips/{tripId}/hold")
    void hold(@DestinationVariable String tripId, @Payload HoldMessage message, Principal principal) {
        answer(principal, "hold", message.requestId(), () -> holds.hold(tripId, message.seats(), message.table(),
                message.holdMinutes(), caller(principal)));
    }

    @MessageMapping("/trips/{tripId}/release")
    void release(@DestinationVariable String tripId, @Payload ReleaseMessage message, Principal principal) {
        answer(principal, "release", message.requestId(), () -> holds.release(tripId, message.seats(), caller(principal)));
    }

    @MessageMapping("/bookings/confirm")
    void confirm(@Payload ConfirmMessage message, Principal principal) {
        answer(principal, "booking", message.requestId(), () -> bookings.confirm(new BookingController.BookingRequest(
                message.tripId(), message.seats(), message.passengers(), message.payment(), message.contact()),
                caller(principal), null));
    }

    /** A payload that cannot be read at all still gets an answer, without a request id. */
    @MessageExceptionHandler
    void unreadable(Exception e, Principal principal) {
        log.info("unreadable STOMP command from {}: {}", principal == null ? "?" : principal.getName(), e.toString());
        reply(principal, "command.failed", null, ErrorBody.of(ErrorCode.INVALID_DATA, "malformed JSON or a field of the wrong type"));
    }

    private void answer(Principal principal, String kind, String requestId, Supplier<Object> command) {
        try (RequestOrigin.Scope origin = RequestOrigin.open(RequestOrigin.WEBSOCKET, requestId)) {
            reply(principal, kind + ".succeeded", requestId, command.get());
        } catch (BookingRejectedException e) {
            reply(principal, kind + ".failed", requestId, ErrorBody.of(e.rejection()));
        } catch (RuntimeException e) {
            log.error("unexpected failure of a STOMP {} command", kind, e);
            reply(principal, kind + ".failed", requestId, ErrorBody.of(ErrorCode.UNAVAILABLE,
                    "the command could not be completed; try again"));
        }
    }

    @SuppressWarnings("unchecked")
    private void reply(Principal principal, String type, String requestId, Object body) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        if (requestId != null) {
            message.put("requestId", requestId);
        }
        message.putAll(json.convertValue(body, Map.class));
        stomp.convertAndSendToUser(principal.getName(), "/queue/replies", message);
    }

    private static CurrentUser caller(Principal principal) {
        return CurrentUser.of((Authentication) principal);
    }
}
