package com.example.booking.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes gathered over a batch are sent once, while the last event is handled, and the progress they made
 * right after them, before any commit step (where Axon stores the token); without the interceptor they are
 * still sent, at commit; outside a batch nothing is gathered.
 */
class BatchEndTest {

    private final List<String> log = new ArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final class Gathered implements BatchEnd.Pending {
        final List<Object> events = new ArrayList<>();

        @Override
        public void flush() {
            log.add("flush " + events);
            events.clear();
        }

        @Override
        public boolean isEmpty() {
            return events.isEmpty();
        }
    }

    @Test
    void sendsTheBatchOnceWhileItsLastEventIsHandledThenItsProgressBeforeTheTokenIsStored() {
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf("a", "b", "c");
        batch.onPrepareCommit(committing -> log.add("token stored"));

        execute(batch, () -> new DefaultInterceptorChain<>(batch, List.of(batchEnd()), message -> {
            BatchEnd.pending("writes", Gathered::new).events.add(message.getPayload());
            log.add("handled " + message.getPayload());
            return null;
        }).proceed());

        assertThat(log).containsExactly("handled a", "handled b", "handled c", "flush [a, b, c]", "progress stored",
                "token stored");
    }

    @Test
    void publishesTheLagOfEveryEventOfACommittedBatch() {
        Instant older = Instant.now().minusSeconds(5);
        Instant newer = Instant.now().minusSeconds(3);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(
                new GenericEventMessage<>(new GenericEventMessage<>("a"), () -> older),
                new GenericEventMessage<>(new GenericEventMessage<>("b"), () -> newer)));

        execute(batch, () -> new DefaultInterceptorChain<>(batch, List.of(batchEnd()),
                message -> null).proceed());

        Timer lag = meters.get("booking.projection.lag").tag("processor", "seat-maps@a").timer();
        assertThat(lag.count()).isEqualTo(2);
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isBetween(5_000.0, 60_000.0);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isBetween(8_000.0, 120_000.0);
    }

    @Test
    void timesThePickupOfEveryEventBeforeTheBatchIsHandled() {
        Instant older = Instant.now().minusSeconds(5);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(
                new GenericEventMessage<>(new GenericEventMessage<>("a"), () -> older),
                GenericEventMessage.asEventMessage("b")));
        BatchEnd batchEnd = batchEnd();
        Timer pickup = meters.get("booking.projection.pickup").tag("processor", "seat-maps@a").timer();
        List<Long> seenByHandler = new ArrayList<>();

        execute(batch, () -> new DefaultInterceptorChain<>(batch, List.of(batchEnd), message -> {
            seenByHandler.add(pickup.count());
            return null;
        }).proceed());

        assertThat(seenByHandler).containsExactly(2L, 2L);
        assertThat(pickup.max(TimeUnit.MILLISECONDS)).isBetween(5_000.0, 60_000.0);
        assertThat(meters.get("booking.projection.lag").timer().count()).isEqualTo(2);
    }

    @Test
    void aBatchThatDoesNotCommitHasNoLag() {
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf("a");

        ResultMessage<?> result = batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch,
                List.of(batchEnd()), message -> {
                    throw new IllegalStateException("read model away");
                }).proceed());

        assertThat(result.isExceptional()).isTrue();
        assertThat(meters.get("booking.projection.lag").timer().count()).isZero();
    }

    @Test
    void withoutTheInterceptorTheWritesAreStillSentAtCommit() {
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf("a", "b");

        execute(batch, () -> {
            BatchEnd.pending("writes", Gathered::new).events.add(batch.getMessage().getPayload());
            return null;
        });

        assertThat(log).containsExactly("flush [a, b]");
    }

    @Test
    void outsideABatchNothingIsGathered() {
        assertThat(BatchEnd.<Gathered>pending("writes", Gathered::new)).isNull();
    }

    private BatchEnd batchEnd() {
        return new BatchEnd("seat-maps@a", meters, () -> log.add("progress stored"));
    }

    private static void execute(BatchingUnitOfWork<EventMessage<?>> batch, Callable<Object> task) {
        ResultMessage<?> result = batch.executeWithResult(task);
        assertThat(result.isExceptional()).as("%s", result).isFalse();
    }

    private static BatchingUnitOfWork<EventMessage<?>> batchOf(String... payloads) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (String payload : payloads) {
            events.add(GenericEventMessage.asEventMessage(payload));
        }
        return new BatchingUnitOfWork<>(events);
    }
}
