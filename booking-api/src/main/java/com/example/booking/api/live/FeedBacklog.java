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
 * in garbage collection. {@link TripFeeds} cuts a subscriber whose count passes its share of the budget.
 */
class FeedBacklog implements ExecutorChannelInterceptor {

    /** Message header carrying the subscriber's counter; not a STOMP header, so it never reaches the client. */
    static final String PENDING = "bookingFeedPending";

    static AtomicInteger of(Message<?> message) {
        return message.getHeaders().get(PENDING) instanceof AtomicInteger pending ? pending : null;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        AtomicInteger pending = of(message);
        if (pending != null) {
            pending.decrementAndGet();
        }
    }
}
