package com.example.booking.command.lock;

import com.example.booking.command.cache.TripVersions;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.batch.BatchOutcome;
import com.example.booking.shared.batch.TripCommandBatch;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.hold.HoldSeatsCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** How the gateway answers a batch of a trip's commands that failed in the event store. */
class TripCommandGatewayTest {

    /** A failure after which the store may have taken the write, as {@link #unknownOutcomes} sees it. */
    static final class AnswerLost extends RuntimeException {
        AnswerLost() {
            super("the store took the write and its answer was lost");
        }
    }

    private final EventStoreAvailability unknownOutcomes = new EventStoreAvailability() {
        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public boolean outcomeUnknown(Throwable failure) {
            return failure instanceof AnswerLost;
        }
    };

    private final TripVersions versions = new TripVersions(null, null) {
        @Override
        public void refresh(String tripId) {
            // one node, nothing cached: no version to compare
        }
    };

    private final Map<TripId, Lock> locks = new ConcurrentHashMap<>();

    private final TripLocks tripLocks = new TripLocks() {
        @Override
        public Lock lockOf(TripId tripId) {
            return locks.computeIfAbsent(tripId, id -> new ReentrantLock());
        }

        @Override
        public Duration lease() {
            return Duration.ofSeconds(5);
        }
    };

    @Test
    void aBatchTheStoreMayHaveTakenIsAnsweredAsItFailedAndNotDecidedAgainOneByOne() throws Exception {
        CommandGateway commands = mock(CommandGateway.class);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(commands.sendAndWait(any())).thenAnswer(invocation -> {
            TripCommandBatch batch = (TripCommandBatch) ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            int call = calls.incrementAndGet();
            if (call == 1) {
                firstTaken.countDown();
                release.await(30, TimeUnit.SECONDS);
            } else if (call == 2) {
                throw new AnswerLost();
            }
            return batch.commands().stream().map(entry -> BatchOutcome.of("held")).toList();
        });
        TripCommandGateway gateway = new TripCommandGateway(commands, tripLocks, versions,
                new TripLockProperties(Duration.ofSeconds(5), Duration.ofSeconds(10), 5, false, 100, 1),
                unknownOutcomes, new SimpleMeterRegistry());
        TripId trip = new TripId("trip-1");

        AtomicReference<Object> first = new AtomicReference<>();
        Thread firstSender = new Thread(() -> first.set(gateway.send(hold(trip, "1A"))));
        firstSender.start();
        assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        // two more queue behind the first, to be written together as the next batch
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        List<Thread> queued = List.of("2A", "3A").stream().map(seat -> new Thread(() -> {
            try {
                outcomes.put(seat, gateway.send(hold(trip, seat)));
            } catch (RuntimeException e) {
                outcomes.put(seat, e);
            }
        })).toList();
        queued.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(10)).until(() -> queued.stream()
                .allMatch(thread -> thread.getState() == Thread.State.WAITING));
        release.countDown();

        firstSender.join(10_000);
        for (Thread thread : queued) {
            thread.join(10_000);
        }
        assertThat(first.get()).isEqualTo("held");
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.values()).as("answered as the batch failed").allMatch(AnswerLost.class::isInstance);
        assertThat(calls.get()).as("the batch was not sent again command by command").isEqualTo(2);
    }

    @Test
    void commandsQueuedBeforeTheStoreWentAwayAreAnsweredUnavailableWithoutBeingSent() throws Exception {
        CommandGateway commands = mock(CommandGateway.class);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(commands.sendAndWait(any())).thenAnswer(invocation -> {
            TripCommandBatch batch = (TripCommandBatch) ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            if (calls.incrementAndGet() == 1) {
                firstTaken.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            return batch.commands().stream().map(entry -> BatchOutcome.of("held")).toList();
        });
        AtomicBoolean storeReachable = new AtomicBoolean(true);
        TripCommandGateway gateway = new TripCommandGateway(commands, tripLocks, versions,
                new TripLockProperties(Duration.ofSeconds(5), Duration.ofSeconds(10), 5, false, 100, 1),
                storeReachable::get, new SimpleMeterRegistry());
        TripId trip = new TripId("trip-1");

        AtomicReference<Object> first = new AtomicReference<>();
        Thread firstSender = new Thread(() -> first.set(gateway.send(hold(trip, "1A"))));
        firstSender.start();
        assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        List<Thread> queued = List.of("2A", "3A").stream().map(seat -> new Thread(() -> {
            try {
                outcomes.put(seat, gateway.send(hold(trip, seat)));
            } catch (RuntimeException e) {
                outcomes.put(seat, e);
            }
        })).toList();
        queued.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(10)).until(() -> queued.stream()
                .allMatch(thread -> thread.getState() == Thread.State.WAITING));
        // the store goes away while the first batch is in it and the other two wait for their turn
        storeReachable.set(false);
        release.countDown();

        firstSender.join(10_000);
        for (Thread thread : queued) {
            thread.join(10_000);
        }
        assertThat(first.get()).isEqualTo("held");
        assertThat(outcomes.values()).hasSize(2).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOfSatisfying(BookingRejectedException.class,
                        refused -> assertThat(refused.rejection().code()).isEqualTo(ErrorCode.UNAVAILABLE)));
        assertThat(calls.get()).as("the queued batch never reached the store").isEqualTo(1);
    }

    private static HoldSeatsCommand hold(TripId trip, String seat) {
        return new HoldSeatsCommand(trip, new HoldId("hold-" + seat), new UserId("user-" + seat), List.of(seat), null,
                Duration.ofMinutes(10));
    }
}
