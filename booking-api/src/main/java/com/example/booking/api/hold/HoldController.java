package com.example.booking.api.hold;

import com.example.booking.api.error.Refusals;
import com.example.booking.api.security.CurrentUser;
import com.example.booking.shared.hold.FindHoldsQuery;
import com.example.booking.shared.hold.HoldView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Holding and releasing seats; a caller's holds. */
@RestController
@Tag(name = "Holds")
class HoldController {

    private final Holds holds;
    private final QueryGateway queries;

    HoldController(Holds holds, QueryGateway queries) {
        this.holds = holds;
        this.queries = queries;
    }

    record HoldRequest(List<String> seats, String table, Integer holdMinutes) {
    }

    record ReleaseRequest(List<String> seats) {
    }

    record HoldListItem(String tripId, List<String> seats, Instant expiresAt) {
    }

    @Operation(summary = "Hold 1-50 seats or a whole table, all or nothing")
    @ApiResponse(responseCode = "201", description = "Held",
            content = @Content(schema = @Schema(implementation = Holds.Held.class)))
    @PostMapping("/api/trips/{tripId}/holds")
    ResponseEntity<?> hold(@PathVariable String tripId, @RequestBody HoldRequest request, Authentication authentication) {
        return Refusals.answer(HttpStatus.CREATED, () -> holds.hold(tripId, request.seats(), request.table(),
                request.holdMinutes(), CurrentUser.of(authentication)));
    }

    @Operation(summary = "Hold one seat")
    @ApiResponse(responseCode = "201", description = "Held",
            content = @Content(schema = @Schema(implementation = Holds.Held.class)))
    @PostMapping("/api/trips/{tripId}/seats/{label}/hold")
    ResponseEntity<?> holdSeat(@PathVariable String tripId, @PathVariable String label,
                               @RequestParam(required = false) Integer holdMinutes, Authentication authentication) {
        return Refusals.answer(HttpStatus.CREATED, () -> holds.hold(tripId, List.of(label), null, holdMinutes,
                CurrentUser.of(authentication)));
    }

    @Operation(summary = "Release seats you hold")
    @DeleteMapping("/api/trips/{tripId}/holds")
    Holds.Released release(@PathVariable String tripId, @RequestBody ReleaseRequest request,
                           Authentication authentication) {
        return holds.release(tripId, request.seats(), CurrentUser.of(authentication));
    }

    @Operation(summary = "Release one seat you hold")
    @DeleteMapping("/api/trips/{tripId}/seats/{label}/hold")
    Holds.Released releaseSeat(@PathVariable String tripId, @PathVariable String label, Authentication authentication) {
        return holds.release(tripId, List.of(label), CurrentUser.of(authentication));
    }

    @Operation(summary = "Your unexpired holds")
    @GetMapping("/api/holds")
    List<HoldListItem> holds(Authentication authentication) {
        return queries.query(new FindHoldsQuery(CurrentUser.of(authentication).id()),
                        ResponseTypes.multipleInstancesOf(HoldView.class)).join().stream()
                .map(hold -> new HoldListItem(hold.tripId(), hold.seats(), hold.expiresAt())).toList();
    }
}
