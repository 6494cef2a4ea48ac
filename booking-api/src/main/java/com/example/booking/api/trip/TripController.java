package com.example.booking.api.trip;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.CommandRunner;
import com.example.booking.api.web.Ids;
import com.example.booking.shared.TripId;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.seat.BlockResult;
import com.example.booking.shared.seat.BlockSeatsCommand;
import com.example.booking.shared.seat.FindSeatMapQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.seat.SeatStatus;
import com.example.booking.shared.seat.UnblockSeatsCommand;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.FindTripQuery;
import com.example.booking.shared.trip.FindTripStatsQuery;
import com.example.booking.shared.trip.FindTripsQuery;
import com.example.booking.shared.trip.Layout;
import com.example.booking.shared.trip.ScheduleTripCommand;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TableDefinition;
import com.example.booking.shared.trip.TripStatsView;
import com.example.booking.shared.trip.TripView;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Trips, their seat maps and statistics; creating trips and blocking seats (admins). */
@RestController
@RequestMapping("/api/trips")
@Tag(name = "Trips and seats")
class TripController {

    private final CommandRunner commands;
    private final QueryGateway queries;
    private final RenderedSeatMaps rendered;
    private final Clock clock;

    TripController(CommandRunner commands, QueryGateway queries, RenderedSeatMaps rendered, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.rendered = rendered;
        this.clock = clock;
    }

    record CreateTripRequest(String tripId, String name, Instant departsAt, List<Category> categories,
                             List<SeatDefinition> seats, List<TableDefinition> tables, Layout layout) {
    }

    record Created(String tripId) {
    }

    record BlockRequest(List<String> seats, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SeatResponse(String label, String status, String category, BigDecimal price, int row, int number,
                        double x, double y, Instant expiresAt, Boolean heldByMe, String holder) {
    }

    record SeatMapResponse(String tripId, long position, List<SeatResponse> seats) {
    }

    @Operation(summary = "Create a trip with explicit seats (and tables) or a generated layout (ADMIN)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@RequestBody CreateTripRequest request, Authentication authentication) {
        TripId tripId = request.tripId() == null ? new TripId(UUID.randomUUID().toString()) : validTripId(request.tripId());
        commands.<Object>runSeenByAll(new ScheduleTripCommand(tripId, request.name(), request.departsAt(), request.categories(),
                request.seats(), request.tables(), request.layout(), CurrentUser.of(authentication).id()),
                created -> 0L);
        return new Created(tripId.value());
    }

    @Operation(summary = "All trips with their seat counts")
    @GetMapping
    List<TripView> trips() {
        return queries.query(new FindTripsQuery(), ResponseTypes.multipleInstancesOf(TripView.class)).join();
    }

    @Operation(summary = "One trip with its seat counts")
    @GetMapping("/{tripId}")
    TripView trip(@PathVariable String tripId) {
        return queries.query(new FindTripQuery(Ids.trip(tripId)), ResponseTypes.optionalInstanceOf(TripView.class))
                .join().orElseThrow(() -> notFound(tripId));
    }

    @Operation(summary = "The seat map, optionally filtered by status or a viewport x,y,width,height")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = SeatMapResponse.class)))
    @GetMapping("/{tripId}/seats")
    ResponseEntity<?> seats(@PathVariable String tripId, @RequestParam(required = false) String status,
                            @RequestParam(required = false) String viewport, Authentication authentication) {
        CurrentUser caller = authentication == null ? null : CurrentUser.of(authentication);
        FindSeatMapQuery asked = new FindSeatMapQuery(Ids.trip(tripId), status(status), viewport(viewport));
        if (caller != null && caller.admin()) {
            return ResponseEntity.ok(plainSeats(seatMap(asked), caller));
        }
        // the map as every user sees it: from the kept rendering when the trip has not moved on
        TripView trip = trip(tripId);
        RenderedSeatMaps.Rendered current = rendered.currentOrRender(trip.tripId(), trip.position(), clock.instant(),
                () -> seatMap(new FindSeatMapQuery(Ids.trip(tripId), null, null)));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(current.answerFor(caller, asked::shows));
    }

    private SeatMapView seatMap(FindSeatMapQuery query) {
        return queries.query(query, ResponseTypes.optionalInstanceOf(SeatMapView.class)).join()
                .orElseThrow(() -> notFound(query.tripId().value()));
    }

    static SeatMapResponse plainSeats(SeatMapView map, CurrentUser caller) {
        return new SeatMapResponse(map.tripId(), map.position(), map.seats().stream().map(seat -> new SeatResponse(
                seat.label(), seat.status(), seat.category(), seat.price(), seat.row(), seat.number(), seat.x(), seat.y(),
                seat.expiresAt(),
                caller != null && seat.expiresAt() != null && caller.owns(seat.holder()) ? Boolean.TRUE : null,
                caller != null && caller.admin() ? seat.holder() : null)).toList());
    }

    @Operation(summary = "Seat counts and revenue, in total and by category")
    @GetMapping("/{tripId}/stats")
    TripStatsView stats(@PathVariable String tripId) {
        return queries.query(new FindTripStatsQuery(Ids.trip(tripId)), ResponseTypes.optionalInstanceOf(TripStatsView.class))
                .join().orElseThrow(() -> notFound(tripId));
    }

    @Operation(summary = "Take seats out of sale (ADMIN)")
    @PostMapping("/{tripId}/seats/block")
    BlockResult block(@PathVariable String tripId, @RequestBody BlockRequest request, Authentication authentication) {
        return commands.run(new BlockSeatsCommand(Ids.trip(tripId), CurrentUser.of(authentication).id(),
                request.seats(), reason(request.reason())), BlockResult::position);
    }

    @Operation(summary = "Put blocked seats back on sale (ADMIN)")
    @PostMapping("/{tripId}/seats/unblock")
    BlockResult unblock(@PathVariable String tripId, @RequestBody BlockRequest request, Authentication authentication) {
        return commands.run(new UnblockSeatsCommand(Ids.trip(tripId), CurrentUser.of(authentication).id(),
                request.seats(), reason(request.reason())), BlockResult::position);
    }

    private static TripId validTripId(String value) {
        if (!TripId.isValid(value)) {
            throw BookingRejectedException.invalid("tripId must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return new TripId(value);
    }

    private static String reason(String reason) {
        if (reason != null && reason.length() > 500) {
            throw BookingRejectedException.invalid("reason is at most 500 characters");
        }
        return reason;
    }

    private static SeatStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return SeatStatus.fromWire(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BookingRejectedException.invalid("status is one of available, held, booked, blocked");
        }
    }

    private static FindSeatMapQuery.Viewport viewport(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != 4) {
            throw BookingRejectedException.invalid("viewport is x,y,width,height");
        }
        try {
            double[] numbers = new double[4];
            for (int i = 0; i < 4; i++) {
                numbers[i] = Double.parseDouble(parts[i].strip());
                if (!Double.isFinite(numbers[i])) {
                    throw new NumberFormatException();
                }
            }
            if (numbers[2] < 0 || numbers[3] < 0) {
                throw BookingRejectedException.invalid("viewport width and height are not negative");
            }
            return new FindSeatMapQuery.Viewport(numbers[0], numbers[1], numbers[2], numbers[3]);
        } catch (NumberFormatException e) {
            throw BookingRejectedException.invalid("viewport is four numbers x,y,width,height");
        }
    }

    static BookingRejectedException notFound(String tripId) {
        return new BookingRejectedException(ErrorCode.TRIP_NOT_FOUND, "no trip " + tripId);
    }
}
