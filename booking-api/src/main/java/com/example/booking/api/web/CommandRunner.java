package com.example.booking.api.web;

import com.example.booking.command.lock.TripCommandGateway;
import com.example.booking.shared.TripCommand;
import org.springframework.stereotype.Component;

import java.util.function.ToLongFunction;

/**
 * Sends a trip command and answers once its events are stored. The read models follow a moment later;
 * the caller's own next read waits for them ({@link OwnWrites}).
 */
@Component
public class CommandRunner {

    private final TripCommandGateway gateway;
    private final OwnWrites ownWrites;

    CommandRunner(TripCommandGateway gateway, OwnWrites ownWrites) {
        this.gateway = gateway;
        this.ownWrites = ownWrites;
    }

    public <R> R run(TripCommand command, ToLongFunction<R> position) {
        R result = gateway.send(command, RequestOrigin.current());
        ownWrites.wrote(command.actor(), command.tripId(), position.applyAsLong(result));
        return result;
    }

    /**
     * As {@link #run}, but answers only once every live read model shows the command's effect, for
     * everyone: a new trip is read (and subscribed to) by users other than the admin who scheduled it,
     * right after it is announced. Rare enough that waiting in the answer costs nothing that matters.
     */
    public <R> R runSeenByAll(TripCommand command, ToLongFunction<R> position) {
        R result = gateway.send(command, RequestOrigin.current());
        ownWrites.awaitSeenByAll(command.tripId(), position.applyAsLong(result));
        return result;
    }
}
