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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    /** How often queues of sessions that sent nothing are looked for, and dropped at the second look. */
    private static final long IDLE_LOOK_SECONDS = 30;

    private final Map<String, SessionQueue> sessions = new ConcurrentHashMap<>();
    /**
     * When each writing thread's running delivery started ({@link System#nanoTime()}; 0 between deliveries).
     * Kept per thread rather than per session: the watch looks at a few threads, not at every session's queue.
     */
    private final Set<AtomicLong> writers = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<AtomicLong> writer = new ThreadLocal<>();
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
        watch.scheduleWithFixedDelay(this::retireIdleQueues, IDLE_LOOK_SECONDS, IDLE_LOOK_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void shutdown() {
        if (watch != null) {
            watch.shutdownNow();
        }
        super.shutdown();
    }

    /** Every thread of the pool registers the clock of its deliveries for the watch while it lives. */
    @Override
    public Thread newThread(Runnable work) {
        return super.newThread(() -> {
            AtomicLong since = new AtomicLong();
            writers.add(since);
            writer.set(since);
            try {
                work.run();
            } finally {
                writers.remove(since);
            }
        });
    }

    /** One more thread for each one stuck in a delivery, so that the other sessions keep theirs. */
    private void compensateStuckThreads() {
        try {
            long now = System.nanoTime();
            int stuck = 0;
            for (AtomicLong delivering : writers) {
                long since = delivering.get();
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
        while (true) {
            SessionQueue queue = sessions.get(sessionId);
            if (queue == null) {
                queue = sessions.computeIfAbsent(sessionId, SessionQueue::new);
            }
            switch (queue.offer(delivery)) {
                case QUEUED -> {
                    return;
                }
                case TO_SCHEDULE -> {
                    schedule(queue);
                    return;
                }
                case RETIRED -> {
                    // dropped as idle between the lookup and the offer: the next lookup makes a new queue
                }
            }
        }
    }

    private void schedule(SessionQueue queue) {
        try {
            super.execute(queue);
        } catch (RuntimeException rejected) {
            // shutting down: the deliveries stay queued, and a later one may schedule them again
            queue.unschedule();
            throw rejected;
        }
    }

    /**
     * Forgets the queues of sessions that had nothing to send since the last look. A session's queue is kept
     * between its frames, so that a fan-out does not make and drop one per subscriber and change; a session
     * that has ended stops getting frames, and this is what removes its queue (every frame to a live session,
     * heartbeats included, keeps it).
     */
    void retireIdleQueues() {
        for (SessionQueue queue : sessions.values()) {
            queue.retireIfIdle();
        }
    }

    /** The sessions that have a queue now. */
    int queuedSessions() {
        return sessions.size();
    }

    private static boolean endsSession(Message<?> message) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.DISCONNECT_ACK) {
            return true;
        }
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        return stomp != null && stomp.getCommand() == StompCommand.ERROR;
    }

    /** What became of a delivery handed to a session's queue. */
    private enum Offer {
        /** Queued behind a turn that is running or scheduled already. */
        QUEUED,
        /** Queued, and the queue was idle: it must be scheduled. */
        TO_SCHEDULE,
        /** Not taken: the queue had been dropped as idle. */
        RETIRED
    }

    /**
     * One session's deliveries. Its fields change under its own monitor; once retired it takes no more, so
     * that a delivery never lands in a queue that has left the map.
     */
    private final class SessionQueue implements Runnable {
        final String id;
        private final Queue<Runnable> deliveries = new ArrayDeque<>();
        private boolean scheduled;
        private boolean usedSinceLastLook;
        private boolean retired;

        SessionQueue(String id) {
            this.id = id;
        }

        synchronized Offer offer(Runnable delivery) {
            if (retired) {
                return Offer.RETIRED;
            }
            deliveries.add(delivery);
            usedSinceLastLook = true;
            if (scheduled) {
                return Offer.QUEUED;
            }
            scheduled = true;
            return Offer.TO_SCHEDULE;
        }

        synchronized void unschedule() {
            scheduled = false;
        }

        synchronized void retireIfIdle() {
            if (!scheduled && !usedSinceLastLook && deliveries.isEmpty()) {
                retired = true;
                sessions.remove(id, this);
            }
            usedSinceLastLook = false;
        }

        @Override
        public void run() {
            AtomicLong deliveringSince = writer.get();
            for (int i = 0; i < TURN; i++) {
                Runnable next = next();
                if (next == null) {
                    return;
                }
                deliveringSince.set(System.nanoTime());
                try {
                    next.run();
                } catch (Throwable e) {
                    // Spring has told the channel's interceptors already; the session's next frames must still
                    // go, or its queue would stay marked as running and hold them for good
                    log.debug("delivery to session {} failed: {}", id, e.toString());
                } finally {
                    deliveringSince.set(0);
                }
            }
            schedule(this);
        }

        /** The next delivery, or null after marking the queue as not running, so that a later one schedules it. */
        private synchronized Runnable next() {
            Runnable next = deliveries.poll();
            if (next == null) {
                scheduled = false;
            }
            return next;
        }
    }
}
