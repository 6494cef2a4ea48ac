package com.example.booking.api.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, per seat-feed subscriber, the messages handed to the outbound channel and not yet written to
 * its socket. Spring queues them without bound; thousands of subscribers of an on-sale, each owed
 * every change, filled a 1-GiB heap with a million queued messages within a minute, and the node stalled
 * in garbage collection. {@link TripFeeds} cuts a subscriber whose count passes its share of the budget,
 * or, for a subscriber that asked for conflated changes, sends its next message only once this count is
 * back to zero.
 */
class FeedBacklog implements ExecutorChannelInterceptor {

    /** Message header carrying the subscriber's {@link Pending}; not a STOMP header, so it never reaches the client. */
    static final String PENDING = "bookingFeedPending";

    static Pending of(Message<?> message) {
        return message.getHeaders().get(PENDING) instanceof Pending pending ? pending : null;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        Pending pending = of(message);
        if (pending != null) {
            pending.written();
        }
    }

    /** One subscriber's messages in flight, and what to do when the last of them has been written. */
    static final class Pending {
        private final AtomicInteger count = new AtomicInteger();
        private final Runnable drained;

        /** {@code drained} runs on the writing thread each time the count falls to zero; null for nothing. */
        Pending(Runnable drained) {
            this.drained = drained;
        }

        void sent() {
            count.incrementAndGet();
        }

        int count() {
            return count.get();
        }

        void written() {
            if (count.decrementAndGet() == 0 && drained != null) {
                drained.run();
            }
        }
    }
}
