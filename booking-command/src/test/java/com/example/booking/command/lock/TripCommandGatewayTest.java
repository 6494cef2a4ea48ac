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
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

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
        SecondBatch second = new SecondBatch(call -> {
            if (call == 2) {
                throw new AnswerLost();
            }
        });
        TripCommandGateway gateway = second.gateway(unknownOutcomes);

        Map<String, Object> outcomes = second.send(gateway, queued -> {
        });

        assertThat(outcomes.get("1A")).isEqualTo("held");
        assertThat(List.of(outcomes.get("2A"), outcomes.get("3A"))).as("answered as the batch failed")
                .allMatch(AnswerLost.class::isInstance);
        assertThat(second.calls.get()).as("the batch was not sent again command by command").isEqualTo(2);
    }

    @Test
    void commandsQueuedBeforeTheStoreWentAwayAreAnsweredUnavailableWithoutBeingSent() throws Exception {
        SecondBatch second = new SecondBatch(call -> {
        });
        AtomicBoolean storeReachable = new AtomicBoolean(true);
        TripCommandGateway gateway = second.gateway(storeReachable::get);

        // the store goes away while the first batch is in it and the other two wait for their turn
        Map<String, Object> outcomes = second.send(gateway, queued -> storeReachable.set(false));

        assertThat(outcomes.get("1A")).isEqualTo("held");
        assertThat(List.of(outcomes.get("2A"), outcomes.get("3A"))).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOfSatisfying(BookingRejectedException.class,
                        refused -> assertThat(refused.rejection().code()).isEqualTo(ErrorCode.UNAVAILABLE)));
        assertThat(second.calls.get()).as("the queued batch never reached the store").isEqualTo(1);
    }

    @Test
    void aCommandStillQueuedWhenItsWaitIsUpIsAnsweredSeatLockedThenAndNeverSent() throws Exception {
        SecondBatch second = new SecondBatch(call -> {
        });
        TripCommandGateway gateway = second.gateway(unknownOutcomes, Duration.ofMillis(300));

        // the first batch stays in the store far longer than the others agreed to wait for their turn
        Map<String, Object> outcomes = second.send(gateway, queued -> await().atMost(Duration.ofSeconds(5))
                .until(() -> queued.stream().noneMatch(Thread::isAlive)));

        assertThat(outcomes.get("1A")).isEqualTo("held");
        assertThat(List.of(outcomes.get("2A"), outcomes.get("3A"))).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOfSatisfying(BookingRejectedException.class,
                        refused -> assertThat(refused.rejection().code()).isEqualTo(ErrorCode.SEAT_LOCKED)));
        assertThat(second.calls.get()).as("the withdrawn commands never reached the store").isEqualTo(1);
    }

    /**
     * A hold of 1A that the mocked store keeps until holds of 2A and 3A have queued behind it, so that those
     * two are written together as the trip's next batch. {@code onCall} sees each call's number first.
     */
    private final class SecondBatch {
        final AtomicInteger calls = new AtomicInteger();
        private final CommandGateway commands = mock(CommandGateway.class);
        private final CountDownLatch firstTaken = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        SecondBatch(IntConsumer onCall) {
            when(commands.sendAndWait(any())).thenAnswer(invocation -> {
                TripCommandBatch batch = (TripCommandBatch) ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
                int call = calls.incrementAndGet();
                onCall.accept(call);
                if (call == 1) {
                    firstTaken.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
                return batch.commands().stream().map(entry -> BatchOutcome.of("held")).toList();
            });
        }

        TripCommandGateway gateway(EventStoreAvailability store) {
            return gateway(store, Duration.ofSeconds(10));
        }

        TripCommandGateway gateway(EventStoreAvailability store, Duration waitTime) {
            return new TripCommandGateway(commands, tripLocks, versions,
                    new TripLockProperties(Duration.ofSeconds(5), waitTime, 5, false, 100, 1),
                    store, new SimpleMeterRegistry());
        }

        /**
         * Each seat's answer: the result or what was thrown; {@code whileQueued} gets the two queued senders
         * and runs before the first command ends.
         */
        Map<String, Object> send(TripCommandGateway gateway, Consumer<List<Thread>> whileQueued) throws InterruptedException {
            TripId trip = new TripId("trip-1");
            Map<String, Object> outcomes = new ConcurrentHashMap<>();
            Thread first = sender(gateway, trip, "1A", outcomes);
            first.start();
            assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
            List<Thread> queued = List.of(sender(gateway, trip, "2A", outcomes), sender(gateway, trip, "3A", outcomes));
            queued.forEach(Thread::start);
            // parked waiting for their answers (or answered already)
            await().atMost(Duration.ofSeconds(10)).until(() -> queued.stream().allMatch(thread ->
                    thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING
                            || !thread.isAlive()));
            whileQueued.accept(queued);
            release.countDown();
            first.join(10_000);
            for (Thread thread : queued) {
                thread.join(10_000);
            }
            assertThat(outcomes).containsOnlyKeys("1A", "2A", "3A");
            return outcomes;
        }

        private Thread sender(TripCommandGateway gateway, TripId trip, String seat, Map<String, Object> outcomes) {
            return new Thread(() -> {
                try {
                    outcomes.put(seat, gateway.send(hold(trip, seat)));
                } catch (RuntimeException e) {
                    outcomes.put(seat, e);
                }
            });
        }
    }

    private static HoldSeatsCommand hold(TripId trip, String seat) {
        return new HoldSeatsCommand(trip, new HoldId("hold-" + seat), new UserId("user-" + seat), List.of(seat), null,
                Duration.ofMinutes(10));
    }
}
