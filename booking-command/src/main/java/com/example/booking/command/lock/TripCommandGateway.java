package com.example.booking.command.lock;

import com.example.booking.command.cache.TripVersions;
import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.BookingRejection;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.trip.ScheduleTripCommand;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * The one way commands reach a trip: wait a bounded time for the trip's distributed lock, send the
 * command, and release the lock after the events are stored. A {@link ConcurrencyException} means
 * another writer appended first (a stale lock or an expiry deadline); the command is then re-run on
 * the fresh state, a bounded number of times.
 */
public class TripCommandGateway {

    private static final Logger log = LoggerFactory.getLogger(TripCommandGateway.class);

    private final CommandGateway commands;
    private final TripLocks locks;
    private final TripVersions versions;
    private final TripLockProperties properties;
    private final EventStoreAvailability eventStore;

    public TripCommandGateway(CommandGateway commands, TripLocks locks, TripVersions versions,
                              TripLockProperties properties, EventStoreAvailability eventStore) {
        this.commands = commands;
        this.locks = locks;
        this.versions = versions;
        this.properties = properties;
        this.eventStore = eventStore;
    }

    public <R> R send(TripCommand command) {
        return send(command, Map.of());
    }

    /**
     * Sends the command with its origin ({@link AuditTrail#CHANNEL}, {@link AuditTrail#REQUEST_ID}) as
     * metadata; the actor is the command's own. Axon copies these onto every event the command causes.
     */
    public <R> R send(TripCommand command, Map<String, String> origin) {
        Map<String, String> metadata = new HashMap<>(origin);
        metadata.put(AuditTrail.ACTOR, command.actor().value());
        CommandMessage<TripCommand> message = GenericCommandMessage.<TripCommand>asCommandMessage(command)
                .andMetaData(metadata);
        if (!eventStore.writable()) {
            throw eventStoreUnavailable();
        }
        Lock lock = acquire(command);
        try {
            return sendWithRetries(command, message);
        } finally {
            release(lock, command);
        }
    }

    private Lock acquire(TripCommand command) {
        Lock lock = locks.lockOf(command.tripId());
        boolean acquired;
        try {
            acquired = lock.tryLock(properties.waitTime().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (DataAccessException | IllegalStateException e) {
            log.warn("trip lock unavailable for {}: {}", command.tripId(), e.toString());
            throw new BookingRejectedException(ErrorCode.UNAVAILABLE, "the lock service is unavailable; nothing was changed");
        }
        if (!acquired) {
            // the holder may be stuck in storage timeouts; then the truth is "unavailable", not "busy"
            throw eventStore.writable() ? busy() : eventStoreUnavailable();
        }
        return lock;
    }

    private <R> R sendWithRetries(TripCommand command, CommandMessage<TripCommand> message) {
        for (int attempt = 1; ; attempt++) {
            try {
                versions.refresh(command.tripId().value());
                return commands.sendAndWait(message);
            } catch (AggregateStreamCreationException e) {
                throw new BookingRejectedException(ErrorCode.TRIP_EXISTS, "trip " + command.tripId() + " exists");
            } catch (AggregateNotFoundException e) {
                throw new BookingRejectedException(ErrorCode.TRIP_NOT_FOUND, "no trip " + command.tripId());
            } catch (ConcurrencyException e) {
                if (command instanceof ScheduleTripCommand) {
                    throw new BookingRejectedException(ErrorCode.TRIP_EXISTS, "trip " + command.tripId() + " exists");
                }
                if (attempt >= properties.maxAttempts()) {
                    log.warn("giving up on {} for trip {} after {} concurrent writes", command.getClass().getSimpleName(),
                            command.tripId(), attempt);
                    throw busy();
                }
                log.debug("concurrent write on trip {}, attempt {}", command.tripId(), attempt);
            } catch (CommandExecutionException e) {
                throw e.getDetails().filter(BookingRejection.class::isInstance).map(BookingRejection.class::cast)
                        .map(BookingRejectedException::new).orElseThrow(() -> e);
            }
        }
    }

    private void release(Lock lock, TripCommand command) {
        try {
            lock.unlock();
        } catch (RuntimeException e) {
            // the lease ran out while the command ran; the event store's index kept the outcome correct
            log.warn("trip lock of {} was lost before release: {}", command.tripId(), e.toString());
        }
    }

    private static BookingRejectedException eventStoreUnavailable() {
        return new BookingRejectedException(ErrorCode.UNAVAILABLE, "the event store is unavailable; nothing was changed");
    }

    private BookingRejectedException busy() {
        long retryAfter = Math.max(1, properties.waitTime().toSeconds());
        return new BookingRejectedException(new BookingRejection(ErrorCode.SEAT_LOCKED,
                "the trip is busy; try again shortly", List.of(), List.of(), retryAfter));
    }
}
