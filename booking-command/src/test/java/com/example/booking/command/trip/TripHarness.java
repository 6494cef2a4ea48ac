package com.example.booking.command.trip;

import com.example.booking.shared.TripCommand;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.test.deadline.StubDeadlineManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One trip living through a long sequence of commands on real Axon parts: a command bus, an
 * event-sourcing repository without a cache (so every command re-sources the trip from its events)
 * and an in-memory event store. Time is in the test's hands: the aggregate's clock, and a stub
 * deadline manager standing in for the scheduler, which may run late.
 */
final class TripHarness implements AutoCloseable {

    private Instant now;
    private final Clock clock;
    private final StubDeadlineManager deadlines;
    private final Configuration axon;

    TripHarness(Instant start) {
        now = start;
        clock = new SuppliedClock(() -> now);
        deadlines = new StubDeadlineManager(start);
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(TripSeats.class)
                        .configureCommandTargetResolver(c -> command -> new VersionedAggregateIdentifier(
                                ((TripCommand) command.getPayload()).tripId().value(), null)))
                .configureDeadlineManager(c -> deadlines)
                .registerComponent(Clock.class, c -> clock)
                .buildConfiguration();
        axon.start();
    }

    /** Sends the command; {@code null} when it succeeded, else the refusal's code. */
    ErrorCode send(TripCommand command) {
        try {
            axon.commandGateway().sendAndWait(command);
            return null;
        } catch (BookingRejectedException e) {
            return e.code();
        }
    }

    Instant now() {
        return now;
    }

    /**
     * Moves the clock; the scheduler only delivers deadlines when it {@code runs}, and then, as JobRunr
     * does, also those due within {@code early} from now.
     */
    void advance(Duration by, boolean schedulerRuns, Duration early) {
        now = now.plus(by);
        if (schedulerRuns) {
            // collected first: a handler that schedules again must not be run again in the same pass
            List<Map.Entry<ScopeDescriptor, DeadlineMessage<?>>> due = new ArrayList<>();
            deadlines.advanceTimeTo(now.plus(early), (scope, deadline) -> due.add(Map.entry(scope, deadline)));
            due.forEach(entry -> deliver(entry.getKey(), entry.getValue()));
        }
    }

    List<? extends DomainEventMessage<?>> events(String tripId) {
        return axon.eventStore().readEvents(tripId).asStream().toList();
    }

    private void deliver(ScopeDescriptor scope, DeadlineMessage<?> deadline) {
        DefaultUnitOfWork.startAndGet(deadline).execute(() -> {
            try {
                axon.repository(TripSeats.class).send(deadline, scope);
            } catch (Exception e) {
                throw new IllegalStateException("deadline handler failed", e);
            }
        });
    }

    @Override
    public void close() {
        axon.shutdown();
    }
}
