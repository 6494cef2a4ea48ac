package com.example.booking.command.lock;

import com.example.booking.shared.batch.TripCommandBatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A command waiting in its trip's queue, and the answer its sender waits for. */
final class QueuedCommand {

    private final TripCommandBatch.Entry entry;
    private final long deadlineNanos;
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

    void answer(Object result) {
        answer.complete(result);
    }

    void fail(RuntimeException failure) {
        answer.completeExceptionally(failure);
    }

    boolean answered() {
        return answer.isDone();
    }

    /** Waits for the writer's answer; a refusal or failure is thrown as the writer saw it. */
    @SuppressWarnings("unchecked")
    <R> R await() {
        try {
            return (R) answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
