package com.example.booking.api.web;

import com.example.booking.command.lock.TripCommandGateway;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.TripCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * Sends a trip command and answers once its events are stored. The read models follow a moment later;
 * the caller's own next read waits for them ({@link OwnWrites}).
 */
@Component
public class CommandRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    private final TripCommandGateway gateway;
    private final OwnWrites ownWrites;
    private final ProjectionProgress progress;
    private final Duration readYourWritesTimeout;

    CommandRunner(TripCommandGateway gateway, OwnWrites ownWrites, ProjectionProgress progress,
                  @Value("${booking.read-your-writes-timeout:5s}") Duration readYourWritesTimeout) {
        this.gateway = gateway;
        this.ownWrites = ownWrites;
        this.progress = progress;
        this.readYourWritesTimeout = readYourWritesTimeout;
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
        long reached = position.applyAsLong(result);
        if (!progress.awaitTrip(command.tripId().value(), reached, readYourWritesTimeout)) {
            log.warn("read models of trip {} did not reach position {} within {}", command.tripId(), reached,
                    readYourWritesTimeout);
        }
        return result;
    }
}
