package com.example.booking.command.lock;

import com.example.booking.shared.batch.TripCommandBatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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
    /**
     * Set by whichever comes first, a writer taking the command into a batch or its sender giving up the
     * wait: only one of them wins, so a command is never both sent and answered as not sent.
     */
    private final AtomicBoolean claimed = new AtomicBoolean();

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

    /** The writer claims the command for its batch; false if the sender stopped waiting first. */
    boolean take() {
        return claimed.compareAndSet(false, true);
    }

    /** Answers the command with {@code failure} unless a writer took it already. */
    void withdraw(RuntimeException failure) {
        if (claimed.compareAndSet(false, true)) {
            fail(failure);
        }
    }

    /**
     * Waits for the writer's answer; a refusal or failure is thrown as the writer saw it. A command no
     * writer has taken by its deadline is answered {@code notTaken} then: the batch ahead of it may be stuck
     * in storage timeouts far longer than the sender agreed to wait. One already taken is waited for, since
     * it may be stored.
     */
    @SuppressWarnings("unchecked")
    <R> R await(Supplier<RuntimeException> notTaken) {
        Object outcome;
        try {
            outcome = answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            withdraw(notTaken.get());
            outcome = answer.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an answer is never completed exceptionally", e);
        }
        if (outcome instanceof Failure failure) {
            throw failure.exception();
        }
        return (R) outcome;
    }

    private record Failure(RuntimeException exception) {
    }
}
