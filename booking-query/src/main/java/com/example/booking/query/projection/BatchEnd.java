package com.example.booking.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lets a projector gather the writes of a whole batch of events and send them together once the batch's
 * last event has been handled, instead of a round trip per event. It runs inside the batch, before any
 * commit step: Axon stores the processor's token in the first prepare-commit step, and writes sent after
 * it would be lost by a crash in between. A batch that fails is delivered again, writes and all.
 */
public final class BatchEnd implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(BatchEnd.class);
    private static final String FLUSHES = BatchEnd.class.getName() + ".flushes";

    private final Timer lag;
    private final Timer pickup;
    private final Runnable afterWrites;

    /**
     * @param processor   the processor's name, the tag of its lag
     * @param meters      where the lag is published: the time from an event's creation (the aggregate applying
     *                    it) until the batch that handled it has committed, for every event of the batch. Timed at
     *                    a batch's newest event only, its mean was a mean per batch: the many small batches of a
     *                    quiet moment outweighed the few large ones of a burst, whose older events waited
     *                    longest, and the lag looked a third of what commands waited for their read models
     * @param afterWrites what follows the batch's writes, still before any commit step: storing the progress
     *                    they made, which is what a command waiting for its read models waits for
     */
    public BatchEnd(String processor, MeterRegistry meters, Runnable afterWrites) {
        this.afterWrites = afterWrites;
        this.lag = Timer.builder("booking.projection.lag")
                .description("Time from an event's creation until a projection has committed the batch handling it")
                .tag("processor", processor)
                .register(meters);
        // the lag's first part: what is left of it is the batch's own handling, writes and commit
        this.pickup = Timer.builder("booking.projection.pickup")
                .description("Time from an event's creation until a projection's worker starts the batch holding it")
                .tag("processor", processor)
                .register(meters);
    }

    /** Something a projector gathers over a batch; {@link #flush()} sends it and must leave it empty. */
    public interface Pending {
        void flush();

        boolean isEmpty();
    }

    /**
     * This batch's pending writes under {@code key}, made on first use. Outside a processor's batch (a
     * test, a direct call) there is nothing to gather over: the caller gets {@code null} and writes at once.
     */
    public static <P extends Pending> P pending(String key, Supplier<P> create) {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> unitOfWork)) {
            return null;
        }
        UnitOfWork<?> root = unitOfWork.root();
        P pending = root.getResource(key);
        if (pending != null) {
            return pending;
        }
        // resources are a plain map: nothing may be added to it from inside one of its computeIfAbsent calls
        P created = create.get();
        root.resources().put(key, created);
        root.<List<Pending>>getOrComputeResource(FLUSHES, none -> new ArrayList<>()).add(created);
        // only if the interceptor is missing: late, but nothing gathered is ever dropped
        unitOfWork.onPrepareCommit(committing -> {
            if (!created.isEmpty()) {
                log.warn("writes of {} sent at commit: register BatchEnd on its processor", key);
                created.flush();
            }
        });
        return created;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isFirstMessage()) {
            timeSinceCreation(pickup, batch.getMessages());
        }
        Object result = interceptorChain.proceed();
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
            List<?> events = batch.getMessages();
            batch.root().afterCommit(committed -> timeSinceCreation(lag, events));
            List<Pending> flushes = batch.root().getResource(FLUSHES);
            if (flushes != null) {
                for (Pending pending : flushes) {
                    pending.flush();
                }
            }
            afterWrites.run();
        }
        return result;
    }

    /** Records, for every event, the time from its creation until now. */
    private static void timeSinceCreation(Timer timer, List<?> events) {
        Instant now = Instant.now();
        events.forEach(event -> timer.record(Duration.between(((EventMessage<?>) event).getTimestamp(), now)));
    }
}
