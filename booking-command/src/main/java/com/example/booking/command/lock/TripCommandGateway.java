package com.example.booking.command.lock;

import com.example.booking.command.cache.TripVersions;
import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.TripCommand;
import com.example.booking.shared.TripId;
import com.example.booking.shared.batch.BatchOutcome;
import com.example.booking.shared.batch.TripCommandBatch;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.BookingRejection;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.trip.ScheduleTripCommand;
import io.micrometer.core.instrument.MeterRegistry;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * The one way commands reach a trip. Commands of a trip queue on their node; a writer thread takes the
 * trip's distributed lock once for everything queued (up to {@code maxBatch}), decides the commands one
 * after another in one unit of work and stores their events in one append, then releases the lock and
 * answers each sender (group commit). A hot trip thus costs one lock turn, one version check and one
 * append per batch instead of per request, and the lock queue across nodes stays short.
 * <p>
 * A {@link ConcurrencyException} means another writer appended first (a stale lock or an expiry
 * deadline); the batch is then decided again on the fresh state, a bounded number of times. A failure
 * other than a user-facing refusal fails no innocent neighbour: the batch's commands are then run one
 * at a time.
 */
public class TripCommandGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TripCommandGateway.class);

    private final CommandGateway commands;
    private final TripLocks locks;
    private final TripVersions versions;
    private final TripLockProperties properties;
    private final EventStoreAvailability eventStore;
    private final Map<TripId, TripQueue> queues = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final WriteTimings timings;

    public TripCommandGateway(CommandGateway commands, TripLocks locks, TripVersions versions,
                              TripLockProperties properties, EventStoreAvailability eventStore, MeterRegistry meters) {
        this.timings = new WriteTimings(meters);
        this.commands = commands;
        this.locks = locks;
        this.versions = versions;
        this.properties = properties;
        this.eventStore = eventStore;
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(properties.writers(), runnable -> {
            Thread thread = new Thread(runnable, "trip-writer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
        if (!eventStore.writable()) {
            throw eventStoreUnavailable();
        }
        // how long the sender waits for the trip's lock before it is answered seat_locked
        long deadline = System.nanoTime() + properties.waitTime().toNanos();
        if (command instanceof ScheduleTripCommand) {
            // a trip's creation has nothing to be batched with: no aggregate exists yet to decide on
            CommandMessage<TripCommand> message = GenericCommandMessage.<TripCommand>asCommandMessage(command)
                    .andMetaData(metadata);
            return underLock(command.tripId(), deadline, () -> sendWithRetries(command, message));
        }
        QueuedCommand queued = new QueuedCommand(new TripCommandBatch.Entry(command, metadata), deadline);
        TripQueue queue = queues.computeIfAbsent(command.tripId(), TripQueue::new);
        if (queue.offer(queued)) {
            writers.execute(() -> drain(queue));
        }
        return queued.await(this::waitedOut);
    }

    private void drain(TripQueue queue) {
        for (List<QueuedCommand> batch = queue.next(properties.maxBatch()); !batch.isEmpty();
             batch = queue.next(properties.maxBatch())) {
            try {
                write(queue.tripId(), batch);
            } catch (RuntimeException | Error e) {
                log.error("writing a batch of trip {} failed", queue.tripId(), e);
                RuntimeException failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                batch.stream().filter(queued -> !queued.answered()).forEach(queued -> queued.fail(failure));
            }
        }
        // an idle trip's queue is dropped; a sender racing with this starts a writer on it or makes a
        // fresh one, and two writers of one trip on one node only take turns at the trip's lock
        queues.remove(queue.tripId(), queue);
    }

    /**
     * A command still queued behind earlier batches when its {@code waitTime} is up is answered then, by its
     * sender's own wait, as one that waited that long for the lock: {@code seat_locked}, or {@code unavailable}
     * while the event store is away; a writer that reaches it later skips it. Running it late anyway, or
     * answering it only when a writer reached it, let a stalled store hold senders for several batches'
     * storage timeouts.
     */
    private void write(TripId tripId, List<QueuedCommand> batch) {
        long taken = System.nanoTime();
        batch.forEach(queued -> timings.taken(queued, taken));
        List<QueuedCommand> waiting = stillWaiting(batch);
        if (waiting.isEmpty() || answeredUnavailable(waiting)) {
            return;
        }
        long latestDeadline = waiting.stream().mapToLong(QueuedCommand::deadlineNanos).max().orElseThrow();
        try {
            underLock(tripId, latestDeadline, () -> {
                if (answeredUnavailable(waiting)) {
                    return null;
                }
                long locked = System.nanoTime();
                timings.locked(taken, locked);
                decide(tripId, waiting);
                timings.written(waiting.size(), locked, System.nanoTime());
                return null;
            });
        } catch (BookingRejectedException refused) {
            waiting.forEach(queued -> queued.fail(refused));
        }
    }

    /**
     * Commands queued while the store could still be reached are answered {@code unavailable} once the store
     * is known away, before the batch is sent: sent anyway, each of its reads and writes would wait out the
     * driver's server selection, and every command queued behind it that much longer (10 s and more).
     */
    private boolean answeredUnavailable(List<QueuedCommand> waiting) {
        if (eventStore.writable()) {
            return false;
        }
        waiting.forEach(queued -> queued.fail(eventStoreUnavailable()));
        return true;
    }

    /** The commands whose senders still wait; the others are answered now. */
    private List<QueuedCommand> stillWaiting(List<QueuedCommand> batch) {
        long now = System.nanoTime();
        List<QueuedCommand> waiting = new ArrayList<>(batch.size());
        for (QueuedCommand queued : batch) {
            if (queued.deadlineNanos() - now > 0 && queued.take()) {
                waiting.add(queued);
            } else {
                // past its deadline, or its sender was answered so already
                queued.withdraw(waitedOut());
            }
        }
        return waiting;
    }

    /** Under the trip's lock: the whole batch at once, or, if it fails for any other reason than a refusal, one by one. */
    private void decide(TripId tripId, List<QueuedCommand> batch) {
        try {
            answer(batch, sendWithRetries(new TripCommandBatch(tripId, batch.stream().map(QueuedCommand::entry).toList())));
        } catch (BookingRejectedException refused) {
            batch.forEach(queued -> queued.fail(refused));
        } catch (RuntimeException failure) {
            if (batch.size() == 1 || eventStore.outcomeUnknown(failure)) {
                // a batch the store may have taken is answered as it failed, never decided again
                batch.forEach(queued -> queued.fail(failure));
                return;
            }
            log.warn("a batch of {} commands of trip {} failed ({}); deciding them one by one", batch.size(), tripId,
                    failure.toString());
            for (QueuedCommand queued : batch) {
                if (!eventStore.writable()) {
                    // the batch failed because the store went away: one storage timeout per command would follow
                    queued.fail(eventStoreUnavailable());
                    continue;
                }
                try {
                    answer(List.of(queued), sendWithRetries(new TripCommandBatch(tripId, List.of(queued.entry()))));
                } catch (RuntimeException single) {
                    queued.fail(single);
                }
            }
        }
    }

    private static void answer(List<QueuedCommand> batch, List<BatchOutcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            BatchOutcome outcome = outcomes.get(i);
            if (outcome.rejection() != null) {
                batch.get(i).fail(outcome.rejection());
            } else {
                batch.get(i).answer(outcome.result());
            }
        }
    }

    private List<BatchOutcome> sendWithRetries(TripCommandBatch batch) {
        return sendWithRetries(batch, GenericCommandMessage.asCommandMessage(batch));
    }

    private <R> R underLock(TripId tripId, long deadlineNanos, Supplier<R> work) {
        Lock lock = acquire(tripId, deadlineNanos);
        try {
            return work.get();
        } finally {
            release(lock, tripId);
        }
    }

    private Lock acquire(TripId tripId, long deadlineNanos) {
        Lock lock = locks.lockOf(tripId);
        boolean acquired;
        try {
            acquired = lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (DataAccessException | IllegalStateException e) {
            log.warn("trip lock unavailable for {}: {}", tripId, e.toString());
            throw BookingRejectedException.unavailable("the lock service");
        }
        if (!acquired) {
            throw waitedOut();
        }
        return lock;
    }

    private <R> R sendWithRetries(TripCommand command, CommandMessage<?> message) {
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

    private void release(Lock lock, TripId tripId) {
        try {
            lock.unlock();
        } catch (RuntimeException e) {
            // the lease ran out while the command ran; the event store's index kept the outcome correct
            log.warn("trip lock of {} was lost before release: {}", tripId, e.toString());
        }
    }

    private static BookingRejectedException eventStoreUnavailable() {
        return BookingRejectedException.unavailable("the event store");
    }

    /**
     * The answer to a command that waited its whole {@code waitTime}: {@code seat_locked}, or, since the
     * holder may be stuck in storage timeouts, {@code unavailable} while the store is away.
     */
    private BookingRejectedException waitedOut() {
        return eventStore.writable() ? busy() : eventStoreUnavailable();
    }

    private BookingRejectedException busy() {
        long retryAfter = Math.max(1, properties.waitTime().toSeconds());
        return new BookingRejectedException(new BookingRejection(ErrorCode.SEAT_LOCKED,
                "the trip is busy; try again shortly", List.of(), List.of(), retryAfter));
    }

    @Override
    public void close() {
        writers.shutdown();
    }
}
