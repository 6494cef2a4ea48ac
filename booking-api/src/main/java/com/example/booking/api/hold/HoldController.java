package com.example.booking.api.hold;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.CommandRunner;
import com.example.booking.api.web.Ids;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.hold.FindHoldsQuery;
import com.example.booking.shared.hold.HoldResult;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.HoldView;
import com.example.booking.shared.hold.ReleaseResult;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Holding and releasing seats; a caller's holds. */
@RestController
@Tag(name = "Holds")
class HoldController {

    private final CommandRunner commands;
    private final QueryGateway queries;

    HoldController(CommandRunner commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record HoldRequest(List<String> seats, String table, Integer holdMinutes) {
    }

    record HoldResponse(String tripId, List<String> seats, Instant expiresAt) {
    }

    record ReleaseRequest(List<String> seats) {
    }

    record ReleaseResponse(List<String> released) {
    }

    record HoldListItem(String tripId, List<String> seats, Instant expiresAt) {
    }

    @Operation(summary = "Hold 1-50 seats or a whole table, all or nothing")
    @PostMapping("/api/trips/{tripId}/holds")
    @ResponseStatus(HttpStatus.CREATED)
    HoldResponse hold(@PathVariable String tripId, @RequestBody HoldRequest request, Authentication authentication) {
        return hold(tripId, request.seats(), request.table(), request.holdMinutes(), authentication);
    }

    @Operation(summary = "Hold one seat")
    @PostMapping("/api/trips/{tripId}/seats/{label}/hold")
    @ResponseStatus(HttpStatus.CREATED)
    HoldResponse holdSeat(@PathVariable String tripId, @PathVariable String label,
                          @RequestParam(required = false) Integer holdMinutes, Authentication authentication) {
        return hold(tripId, List.of(label), null, holdMinutes, authentication);
    }

    @Operation(summary = "Release seats you hold")
    @DeleteMapping("/api/trips/{tripId}/holds")
    ReleaseResponse release(@PathVariable String tripId, @RequestBody ReleaseRequest request,
                            Authentication authentication) {
        return release(tripId, request.seats(), authentication);
    }

    @Operation(summary = "Release one seat you hold")
    @DeleteMapping("/api/trips/{tripId}/seats/{label}/hold")
    ReleaseResponse releaseSeat(@PathVariable String tripId, @PathVariable String label, Authentication authentication) {
        return release(tripId, List.of(label), authentication);
    }

    @Operation(summary = "Your unexpired holds")
    @GetMapping("/api/holds")
    List<HoldListItem> holds(Authentication authentication) {
        return queries.query(new FindHoldsQuery(CurrentUser.of(authentication).id()),
                        ResponseTypes.multipleInstancesOf(HoldView.class)).join().stream()
                .map(hold -> new HoldListItem(hold.tripId(), hold.seats(), hold.expiresAt())).toList();
    }

    private HoldResponse hold(String tripId, List<String> seats, String table, Integer holdMinutes,
                              Authentication authentication) {
        if (holdMinutes != null && (holdMinutes < 1 || holdMinutes > 30)) {
            throw BookingRejectedException.invalid("holdMinutes must be between 1 and 30");
        }
        Duration holdFor = holdMinutes == null ? HoldSeatsCommand.DEFAULT_HOLD : Duration.ofMinutes(holdMinutes);
        HoldResult result = commands.run(new HoldSeatsCommand(Ids.trip(tripId), new HoldId(UUID.randomUUID().toString()),
                CurrentUser.of(authentication).id(), seats, table, holdFor), HoldResult::position);
        return new HoldResponse(result.tripId(), result.seats(), result.expiresAt());
    }

    private ReleaseResponse release(String tripId, List<String> seats, Authentication authentication) {
        ReleaseResult result = commands.run(new ReleaseSeatsCommand(Ids.trip(tripId), CurrentUser.of(authentication).id(),
                seats), ReleaseResult::position);
        return new ReleaseResponse(result.released());
    }
}
