package com.example.booking.api.hold;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.api.web.CommandRunner;
import com.example.booking.api.web.Ids;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.hold.HoldResult;
import com.example.booking.shared.hold.HoldSeatsCommand;
import com.example.booking.shared.hold.ReleaseResult;
import com.example.booking.shared.hold.ReleaseSeatsCommand;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Holding and releasing, as every edge (REST, WebSocket) offers it. */
@Component
public class Holds {

    private final CommandRunner commands;

    Holds(CommandRunner commands) {
        this.commands = commands;
    }

    public record Held(String tripId, List<String> seats, Instant expiresAt) {
    }

    public record Released(List<String> released) {
    }

    public Held hold(String tripId, List<String> seats, String table, Integer holdMinutes, CurrentUser caller) {
        if (holdMinutes != null && (holdMinutes < 1 || holdMinutes > 30)) {
            throw BookingRejectedException.invalid("holdMinutes must be between 1 and 30");
        }
        Duration holdFor = holdMinutes == null ? HoldSeatsCommand.DEFAULT_HOLD : Duration.ofMinutes(holdMinutes);
        HoldResult result = commands.run(new HoldSeatsCommand(Ids.trip(tripId), new HoldId(UUID.randomUUID().toString()),
                caller.id(), seats, table, holdFor), HoldResult::position);
        return new Held(result.tripId(), result.seats(), result.expiresAt());
    }

    public Released release(String tripId, List<String> seats, CurrentUser caller) {
        ReleaseResult result = commands.run(new ReleaseSeatsCommand(Ids.trip(tripId), caller.id(), seats),
                ReleaseResult::position);
        return new Released(result.released());
    }
}
