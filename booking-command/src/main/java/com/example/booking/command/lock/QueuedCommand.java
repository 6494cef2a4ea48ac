package com.example.booking.command.lock;

import com.example.booking.shared.batch.TripCommandBatch;

import java.util.concurrent.CompletableFuture;

/** A command waiting in its trip's queue, and the answer its sender waits for. */
final class QueuedCommand {

    private final TripCommandBatch.Entry entry;
    private final long deadlineNanos;
    private final long queuedAtNanos = System.nanoTime();
    /**
     * The result, or the {@link Failure} to throw. A future completed exceptionally would make every waiter
     * build a {@code CompletionException} with its stack trace, and most answers in an on-sale are refusals.
     */
    private final CompletableFuture<Object> answer = new CompletableFuture<>();

    QueuedCommand(TripCommandBatch.Entry entry, long deadlineNanos) {
        this.entry = entry;
        this.deadlineNanos = deadlineNanos;
    }

    TripCommandBatch.Entry entry() {
        return entry;
    }

    /** Until when the sender is willing to wait for the trip's lock. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    long queuedAtNanos() {
        return queuedAtNanos;
    }

    void answer(Object result) {
        answer.complete(result);
    }

    void fail(RuntimeException failure) {
        answer.complete(new Failure(failure));
    }

    boolean answered() {
        return answer.isDone();
    }

    /** Waits for the writer's answer; a refusal or failure is thrown as the writer saw it. */
    @SuppressWarnings("unchecked")
    <R> R await() {
        Object outcome = answer.join();
        if (outcome instanceof Failure failure) {
            throw failure.exception();
        }
        return (R) outcome;
    }

    private record Failure(RuntimeException exception) {
    }
}
