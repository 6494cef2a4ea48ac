package com.example.booking.command.lock;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Where a trip command's time goes before it is answered, as Micrometer meters (Actuator's
 * {@code /actuator/metrics/booking.command.*}, Prometheus): waiting in its trip's queue on this node, then,
 * per batch, waiting for the trip's distributed lock and deciding and storing the batch. A hold that is slow
 * under load is slow in one of these; the benchmark prints them for its measured window.
 */
final class WriteTimings {

    private final Timer queued;
    private final Timer lock;
    private final Timer write;
    private final DistributionSummary batchSize;

    WriteTimings(MeterRegistry registry) {
        queued = timer(registry, "booking.command.queued",
                "Time a trip command waits on its node until a writer takes it into a batch");
        lock = timer(registry, "booking.command.batch.lock",
                "Time a batch of trip commands waits for the trip's distributed lock");
        write = timer(registry, "booking.command.batch.write",
                "Time a batch of trip commands takes to be decided and stored, under the lock");
        batchSize = DistributionSummary.builder("booking.command.batch.size")
                .description("Trip commands decided and stored together under one turn of the lock")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String name, String description) {
        return Timer.builder(name).description(description).register(registry);
    }

    void taken(QueuedCommand command, long nowNanos) {
        queued.record(nowNanos - command.queuedAtNanos(), TimeUnit.NANOSECONDS);
    }

    void locked(long startNanos, long nowNanos) {
        lock.record(nowNanos - startNanos, TimeUnit.NANOSECONDS);
    }

    void written(int commands, long startNanos, long nowNanos) {
        write.record(nowNanos - startNanos, TimeUnit.NANOSECONDS);
        batchSize.record(commands);
    }
}
