package com.example.booking.api.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the outbound channel's deliveries one session at a time, in the order they were handed over, on
 * threads shared by all sessions. Everything written to a session passes here, the broker's frames and
 * the seat feeds' alike, so they keep the order they were sent in.
 * <p>
 * Spring's own "preserve publish order" orders each queue by a callback it keeps once per session: the
 * broker's per-session queue and a seat feed's queue writing to the same session crossed callbacks, and
 * Spring closed the session with 1002 (a {@code NoSuchElementException} in its queue; 1 in 5,000 sessions of
 * the live-push benchmark lost every change that way).
 * <p>
 * A frame that ends its session (ERROR) does not wait for the ones before it: the session may be stuck
 * writing to a client that stopped reading, and the ERROR is what closes it.
 * <p>
 * The pool writes with a few threads and grows by one for each thread stuck in a delivery: a write to a
 * socket nobody reads blocks its thread until Tomcat gives up (20 s), and with a fixed pool of twice the
 * cores four such clients froze every session of the node ({@code SlowSubscriberTest}). A fixed pool sized
 * for waiting (32) instead had 32 threads contend for two cores in every fan-out: the last of 5,000
 * subscribers got a change later than with 8 (docs/benchmarks.md, session 19).
 * <p>
 * Not a bean of its own: Spring's configuration publishes the channel's executor as
 * {@code clientOutboundChannelExecutor} and starts and stops it, as it does its default pool.
 */
class SessionOrderedExecutor extends ThreadPoolTaskExecutor {

    private static final Logger log = LoggerFactory.getLogger(SessionOrderedExecutor.class);
    /** Deliveries to one session in a turn before other sessions get the thread. */
    private static final int TURN = 64;

    private final Map<String, SessionQueue> sessions = new ConcurrentHashMap<>();
    private final int writingThreads;
    private final int maxThreads;
    private final long stuckAfterNanos;
    private ScheduledExecutorService watch;

    /**
     * {@code writingThreads} deliver while none is stuck; each delivery running longer than
     * {@code stuckAfter} adds a thread, up to {@code maxThreads}, and the pool shrinks back once it ends.
     * A pool of Spring's own kind, so that the broker's statistics and the application's lifecycle see it
     * as before.
     */
    SessionOrderedExecutor(int writingThreads, int maxThreads, Duration stuckAfter) {
        this.writingThreads = writingThreads;
        this.maxThreads = Math.max(writingThreads, maxThreads);
        this.stuckAfterNanos = stuckAfter.toNanos();
        setCorePoolSize(writingThreads);
        setMaxPoolSize(this.maxThreads);
        setThreadNamePrefix("clientOutbound-");
    }

    @Override
    public void initialize() {
        super.initialize();
        watch = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "clientOutbound-watch");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, stuckAfterNanos / 2);
        watch.scheduleWithFixedDelay(this::compensateStuckThreads, every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        if (watch != null) {
            watch.shutdownNow();
        }
        super.shutdown();
    }

    /** One more thread for each one stuck in a delivery, so that the other sessions keep theirs. */
    private void compensateStuckThreads() {
        try {
            long now = System.nanoTime();
            int stuck = 0;
            // a queue stays in the map until its last delivery has run, so every running delivery is in it
            for (SessionQueue queue : sessions.values()) {
                long since = queue.deliveringSince;
                if (since != 0 && now - since > stuckAfterNanos) {
                    stuck++;
                }
            }
            int wanted = Math.min(maxThreads, writingThreads + stuck);
            if (wanted != getCorePoolSize()) {
                log.debug("{} deliveries stuck: {} threads", stuck, wanted);
                setCorePoolSize(wanted);
            }
        } catch (RuntimeException e) {
            // a failed look must not end the schedule: the next one may grow the pool
            log.warn("could not resize the outbound pool: {}", e.toString());
        }
    }

    @Override
    public void execute(Runnable delivery) {
        Message<?> message = delivery instanceof MessageHandlingRunnable handling ? handling.getMessage() : null;
        String sessionId = message == null ? null : SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (sessionId == null || endsSession(message)) {
            super.execute(delivery);
            return;
        }
        sessions.compute(sessionId, (id, queue) -> {
            SessionQueue session = queue == null ? new SessionQueue(id) : queue;
            session.deliveries.add(delivery);
            if (!session.scheduled) {
                session.scheduled = true;
                SessionOrderedExecutor.super.execute(session);
            }
            return session;
        });
    }

    private static boolean endsSession(Message<?> message) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.DISCONNECT_ACK) {
            return true;
        }
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        return stomp != null && stomp.getCommand() == StompCommand.ERROR;
    }

    /** One session's deliveries; its fields change only inside {@code sessions.compute} for its id. */
    private final class SessionQueue implements Runnable {
        final String id;
        final Queue<Runnable> deliveries = new ArrayDeque<>();
        boolean scheduled;
        /** {@link System#nanoTime()} when the running delivery started; 0 between deliveries. */
        volatile long deliveringSince;

        SessionQueue(String id) {
            this.id = id;
        }

        @Override
        public void run() {
            for (int i = 0; i < TURN; i++) {
                Runnable next = next();
                if (next == null) {
                    return;
                }
                deliveringSince = System.nanoTime();
                try {
                    next.run();
                } catch (Throwable e) {
                    // Spring has told the channel's interceptors already; the session's next frames must still
                    // go, or its queue would stay marked as running and hold them for good
                    log.debug("delivery to session {} failed: {}", id, e.toString());
                } finally {
                    deliveringSince = 0;
                }
            }
            SessionOrderedExecutor.super.execute(this);
        }

        /** The next delivery, or null after removing this queue, so that a later one starts a new queue. */
        private Runnable next() {
            Runnable[] next = new Runnable[1];
            sessions.compute(id, (key, queue) -> {
                next[0] = deliveries.poll();
                if (next[0] == null) {
                    scheduled = false;
                    return null;
                }
                return queue;
            });
            return next[0];
        }
    }
}
