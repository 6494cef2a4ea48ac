package com.example.booking.query.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The event store as the projections' pooled processors read it, telling them when events arrive.
 * <p>
 * Axon's embedded event store gives its streams no availability callback, so a pooled processor that has
 * caught up looks for new events only every 500 ms: an idle service answered every command after about
 * half a second, waiting for its read models. Here every stream is told when this node stores events
 * (Axon calls its subscribers right after the append), and, for events other nodes store, once per
 * {@code tick}. Told of a local append, the stream's next look waits briefly for Axon's reader, which
 * fetches the new events right after the command commits.
 */
public class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PromptEventSource.class);
    /** At most how long a stream told of a local append waits for Axon's reader to fetch it (it returns as soon as it has). */
    private static final int FETCH_WAIT_MILLIS = 300;

    private final EventStore store;
    private final Set<PromptStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-source-ticker");
        thread.setDaemon(true);
        return thread;
    });

    public PromptEventSource(EventStore store, Duration tick) {
        this.store = store;
        store.subscribe(events -> streams.forEach(stream -> stream.announce(true)));
        ticker.scheduleWithFixedDelay(() -> streams.forEach(stream -> stream.announce(false)),
                tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        PromptStream stream = new PromptStream(store.openStream(trackingToken));
        streams.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private final class PromptStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final AtomicBoolean stored = new AtomicBoolean();
        private volatile Runnable callback;

        PromptStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        void announce(boolean storedHere) {
            if (storedHere) {
                stored.set(true);
            }
            Runnable current = callback;
            if (current == null) {
                return;
            }
            try {
                current.run();
            } catch (RuntimeException e) {
                // a processor shutting down refuses new work; this runs inside a command's commit, which must not fail
                log.debug("processor not told of new events: {}", e.toString());
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public boolean hasNextAvailable() {
            if (!stored.getAndSet(false)) {
                return delegate.hasNextAvailable();
            }
            try {
                return delegate.hasNextAvailable(FETCH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            stored.set(false);
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public Stream<TrackedEventMessage<?>> asStream() {
            return delegate.asStream();
        }

        @Override
        public void close() {
            streams.remove(this);
            callback = null;
            delegate.close();
        }
    }
}
