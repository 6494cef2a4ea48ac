package com.example.booking.api.web;

import com.example.booking.command.lock.TripCommandGateway;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.TripCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * Sends a trip command and answers only once the read models show its effect, so a client that reads
 * right after a successful command sees what it did (read-your-writes on an eventually consistent side).
 */
@Component
public class CommandRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    private final TripCommandGateway gateway;
    private final ProjectionProgress progress;
    private final Duration readYourWritesTimeout;
    private final Timer readModels;

    CommandRunner(TripCommandGateway gateway, ProjectionProgress progress,
                  @Value("${booking.read-your-writes-timeout:5s}") Duration readYourWritesTimeout, MeterRegistry meters) {
        this.gateway = gateway;
        this.progress = progress;
        this.readYourWritesTimeout = readYourWritesTimeout;
        // the last of a command's stages (booking.command.queued, .batch.lock, .batch.write come before it)
        this.readModels = Timer.builder("booking.command.read-models")
                .description("Time a stored trip command waits until every read model shows its effect")
                .register(meters);
    }

    public <R> R run(TripCommand command, ToLongFunction<R> position) {
        R result = gateway.send(command, RequestOrigin.current());
        long reached = position.applyAsLong(result);
        if (!readModels.record(() -> progress.awaitTrip(command.tripId().value(), reached, readYourWritesTimeout))) {
            log.warn("read models of trip {} did not reach position {} within {}", command.tripId(), reached,
                    readYourWritesTimeout);
        }
        return result;
    }
}
