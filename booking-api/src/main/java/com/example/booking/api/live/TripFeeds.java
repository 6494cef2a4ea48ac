package com.example.booking.api.live;

import com.example.booking.api.trip.RenderedSeatMaps;
import com.example.booking.shared.TripId;
import com.example.booking.shared.live.SeatsChanged;
import com.example.booking.shared.seat.FindSeatMapQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.util.MimeTypeUtils;

import java.time.Clock;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seat-map subscriptions of this node, one feed per trip. A subscriber first gets a snapshot at
 * position P, then exactly the changes P+1, P+2, … in order: the snapshot is read and the subscriber
 * registered under the feed's lock, under which changes are delivered too, so a change is either in the
 * snapshot or delivered after it, never both and never lost. A change beyond the next position means
 * this node missed one; the subscriber then gets a fresh snapshot instead.
 * <p>
 * A subscriber that asked for conflated changes (SUBSCRIBE header {@code conflate:true}) has at most one
 * message in flight: the next one, sent when the last is written, carries every change since in one
 * {@code seats.changed} with {@code fromPosition}, each seat once. A fast client still gets every change
 * by itself; a slow one gets fewer, larger messages instead of falling behind and being cut off.
 */
@Component
class TripFeeds {

    private static final Logger log = LoggerFactory.getLogger(TripFeeds.class);
    /** Even with many subscribers, each may have this many changes in flight before it counts as behind. */
    static final int MIN_QUEUED = 16;
    /** Changes a feed keeps for conflating subscribers; one further behind gets a fresh snapshot. */
    static final int RECENT_CHANGES = 4096;
    /** Spring's own message ids are the session's id and a node-wide count, too. */
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();

    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    /**
     * Each session's subscribers, so that a session leaves its feeds without a scan of every subscriber of
     * every feed under each feed's lock, during which the feed's changes wait: 5,000 sessions of one trip
     * leaving took 57–70 ms of such scans in all (2 ms with this index), growing with the square of the
     * subscribers.
     */
    private final Map<String, List<Subscriber>> bySession = new ConcurrentHashMap<>();
    private final QueryGateway queries;
    private final MessageChannel clientOutbound;
    private final ObjectMapper json;
    /** Snapshots come from the seat maps the REST reads keep: thousands of viewers of an on-sale get one rendering. */
    private final RenderedSeatMaps rendered;
    private final Clock clock;
    /** Messages all subscribers of this node may have queued and unwritten; each gets an equal share. */
    private final int queuedBudget;
    private final AtomicInteger subscribers = new AtomicInteger();
    /** Sends conflating subscribers their next message once their last is written; see {@link #ready}. */
    private final Executor catchUps;
    /**
     * Messages a second this node sends all conflating subscribers together, at most; 0 for no limit.
     * Each subscriber's share sets how soon after one message it may get the next. Without it, a node
     * with 5,000 subscribers of an on-sale spent its CPU writing their messages as fast as they were
     * written (630,077 in a run) and answered 35 hold requests a second instead of 200.
     */
    private final int conflatedPerSecond;
    private final AtomicInteger conflatingSubscribers = new AtomicInteger();

    @Autowired
    TripFeeds(QueryGateway queries, @Qualifier("clientOutboundChannel") MessageChannel clientOutbound,
              ConnectedSessions connectedSessions, ObjectMapper json, RenderedSeatMaps rendered, Clock clock,
              @Value("${booking.websocket.max-queued-messages:100000}") int queuedBudget,
              @Value("${booking.websocket.conflated-messages-per-second:5000}") int conflatedPerSecond) {
        this(queries, connectedSessions.afterConnected(clientOutbound), json, rendered, clock, queuedBudget,
                Executors.newSingleThreadExecutor(work -> {
                    Thread thread = new Thread(work, "live-catch-up");
                    thread.setDaemon(true);
                    return thread;
                }), conflatedPerSecond);
    }

    /** With the executor that runs catch-ups; tests pass one that runs them at once. */
    TripFeeds(QueryGateway queries, MessageChannel clientOutbound, ObjectMapper json, RenderedSeatMaps rendered,
              Clock clock, int queuedBudget, Executor catchUps, int conflatedPerSecond) {
        this.queries = queries;
        this.clientOutbound = clientOutbound;
        this.json = json;
        this.rendered = rendered;
        this.clock = clock;
        this.queuedBudget = queuedBudget;
        this.catchUps = catchUps;
        this.conflatedPerSecond = conflatedPerSecond;
    }

    @PreDestroy
    void stop() {
        if (catchUps instanceof ExecutorService own) {
            own.shutdownNow();
        }
    }

    private static final class Feed {
        final String tripId;
        /** In the order they came, each removable at once. */
        final Set<Subscriber> subscribers = new LinkedHashSet<>();
        /** Kept only while someone here conflates: a node serving many trips would otherwise hold 4,096 changes of each. */
        final RecentChanges recent = new RecentChanges(RECENT_CHANGES);
        int conflating;
        /** Conflating subscribers whose last message was written, for the next catch-up run. */
        final Queue<Subscriber> ready = new ConcurrentLinkedQueue<>();
        final AtomicBoolean catchUpDue = new AtomicBoolean();

        Feed(String tripId) {
            this.tripId = tripId;
        }
    }

    private final class Subscriber {
        final String sessionId;
        final String subscriptionId;
        final String destination;
        final String user;
        final Feed feed;
        final boolean conflating;
        /** The STOMP headers every message to it has; shared, never changed. */
        final Map<String, List<String>> frameHeaders;
        /** Messages handed to the outbound channel and not yet written; see {@link FeedBacklog}. */
        final FeedBacklog.Pending pending;
        /** The last position sent; -1 until a snapshot was, so that any change then brings a fresh one. */
        long position = -1;
        /** Cleared, under the feed's lock, when it leaves; a late "written" must not send to it then. */
        boolean active = true;
        /** A conflating subscriber's next message is not due before this ({@link System#nanoTime()}). */
        long nextDueNanos;
        /** A catch-up is scheduled for when it is due; set under the feed's lock, cleared when it runs. */
        volatile boolean deferred;

        Subscriber(Feed feed, String sessionId, String subscriptionId, String destination, String user, boolean conflating) {
            this.sessionId = sessionId;
            this.subscriptionId = subscriptionId;
            this.destination = destination;
            this.user = user;
            this.feed = feed;
            this.conflating = conflating;
            Map<String, List<String>> frame = new LinkedHashMap<>();
            frame.put(StompHeaderAccessor.STOMP_DESTINATION_HEADER, List.of(destination));
            frame.put(StompHeaderAccessor.STOMP_CONTENT_TYPE_HEADER, List.of(MimeTypeUtils.APPLICATION_JSON_VALUE));
            this.frameHeaders = Collections.unmodifiableMap(frame);
            this.pending = new FeedBacklog.Pending(conflating ? () -> ready(feed, this) : null);
        }
    }

    /**
     * Registers a subscriber and sends its snapshot; false if there is no such trip. A {@code conflating}
     * subscriber is sent changes as described on this class.
     */
    boolean subscribe(TripId tripId, String sessionId, String subscriptionId, String destination, String user,
                      boolean conflating) {
        Feed feed = feeds.computeIfAbsent(tripId.value(), Feed::new);
        synchronized (feed) {
            Optional<SeatMapView> map = seatMap(tripId.value());
            if (map.isEmpty()) {
                return false;
            }
            Subscriber subscriber = new Subscriber(feed, sessionId, subscriptionId, destination, user, conflating);
            feed.subscribers.add(subscriber);
            // in one step with the map: a last subscriber of the session leaving meanwhile drops its list
            bySession.compute(sessionId, (id, session) -> {
                List<Subscriber> joined = session == null ? new CopyOnWriteArrayList<>() : session;
                joined.add(subscriber);
                return joined;
            });
            subscribers.incrementAndGet();
            if (conflating) {
                feed.conflating++;
                conflatingSubscribers.incrementAndGet();
            }
            snapshot(subscriber, map.get());
            return true;
        }
    }

    void unsubscribe(String sessionId, String subscriptionId) {
        List<Subscriber> session = bySession.getOrDefault(sessionId, List.of());
        session.stream().filter(s -> s.subscriptionId.equals(subscriptionId)).forEach(this::remove);
    }

    /** A client that vanishes without DISCONNECT still leaves its feeds. */
    @EventListener
    void on(SessionDisconnectEvent event) {
        disconnected(event.getSessionId());
    }

    void disconnected(String sessionId) {
        bySession.getOrDefault(sessionId, List.of()).forEach(this::remove);
    }

    private void remove(Subscriber subscriber) {
        synchronized (subscriber.feed) {
            if (subscriber.feed.subscribers.remove(subscriber)) {
                leave(subscriber);
            }
        }
    }

    void changed(SeatsChanged change) {
        Feed feed = feeds.get(change.tripId());
        if (feed == null) {
            return;
        }
        synchronized (feed) {
            if (feed.subscribers.isEmpty()) {
                return;
            }
            if (feed.conflating > 0) {
                feed.recent.add(change);
            }
            SeatMapView fresh = null;
            // the same bytes for every subscriber: serialising per subscriber was most of a change's cost
            byte[] delta = null;
            int share = Math.max(MIN_QUEUED, queuedBudget / Math.max(1, subscribers.get()));
            for (Iterator<Subscriber> each = feed.subscribers.iterator(); each.hasNext(); ) {
                Subscriber subscriber = each.next();
                if (change.position() <= subscriber.position) {
                    continue;
                }
                if (subscriber.conflating) {
                    if (subscriber.pending.count() == 0) {
                        catchUp(feed, subscriber);
                    }
                    continue;
                }
                if (subscriber.pending.count() >= share) {
                    each.remove();
                    leave(subscriber);
                    cutOff(subscriber, share);
                    continue;
                }
                if (change.position() == subscriber.position + 1) {
                    if (delta == null && (delta = serialise(LiveMessages.changed(change))) == null) {
                        return;
                    }
                    sendAt(subscriber, change.position(), delta);
                } else {
                    log.info("subscriber {} of trip {} missed changes {}..{}: sending a fresh snapshot",
                            subscriber.sessionId, change.tripId(), subscriber.position + 1, change.position() - 1);
                    if (fresh == null) {
                        fresh = seatMap(change.tripId()).orElse(null);
                    }
                    if (fresh != null) {
                        snapshot(subscriber, fresh);
                    }
                }
            }
        }
    }

    /**
     * A conflating subscriber is due what has changed since its last message, if anything: that message
     * was written (called on the writing thread), or its wait for its share of the budget is over. Taking
     * the feed's lock on the writing thread, each writing thread waited for it after every message (thread
     * dumps with 5,000 subscribers: all four of Spring's outbound threads blocked on it while the feed's
     * thread delivered a change), so no socket was written meanwhile. Instead ready subscribers are
     * collected and served in one turn of the lock.
     */
    private void ready(Feed feed, Subscriber subscriber) {
        feed.ready.add(subscriber);
        if (feed.catchUpDue.compareAndSet(false, true)) {
            try {
                catchUps.execute(() -> catchUpReady(feed));
            } catch (RejectedExecutionException stopping) {
                // the node is shutting down; its sessions close with it
            }
        }
    }

    private void catchUpReady(Feed feed) {
        // cleared first: a subscriber added after this point schedules another run
        feed.catchUpDue.set(false);
        synchronized (feed) {
            for (Subscriber subscriber; (subscriber = feed.ready.poll()) != null; ) {
                if (subscriber.active && subscriber.pending.count() == 0) {
                    catchUp(feed, subscriber);
                }
            }
        }
    }

    /** Under the feed's lock, with nothing of the subscriber's in flight. */
    private void catchUp(Feed feed, Subscriber subscriber) {
        if (subscriber.position >= feed.recent.latest()) {
            return;
        }
        long wait = subscriber.nextDueNanos - System.nanoTime();
        if (wait > 0) {
            deferUntilDue(feed, subscriber, wait);
            return;
        }
        if (feed.recent.covers(subscriber.position)) {
            byte[] since = feed.recent.since(subscriber.position, changes -> serialise(LiveMessages.changedSince(changes)));
            if (since != null) {
                sendAt(subscriber, feed.recent.latest(), since);
            }
            return;
        }
        log.info("conflating subscriber {} of trip {} is at {}, before the changes this node keeps: sending a fresh snapshot",
                subscriber.sessionId, feed.tripId, subscriber.position);
        seatMap(feed.tripId).ifPresent(map -> snapshot(subscriber, map));
    }

    /** Under the feed's lock: one catch-up when the subscriber is due, however many changes come meanwhile. */
    private void deferUntilDue(Feed feed, Subscriber subscriber, long waitNanos) {
        if (subscriber.deferred) {
            return;
        }
        subscriber.deferred = true;
        try {
            CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS, catchUps).execute(() -> {
                subscriber.deferred = false;
                ready(feed, subscriber);
            });
        } catch (RejectedExecutionException stopping) {
            subscriber.deferred = false;
        }
    }

    /** Under the feed's lock, once it is out of the feed's subscribers. */
    private void leave(Subscriber subscriber) {
        subscriber.active = false;
        bySession.computeIfPresent(subscriber.sessionId, (id, session) -> {
            session.remove(subscriber);
            return session.isEmpty() ? null : session;
        });
        subscribers.decrementAndGet();
        if (subscriber.conflating) {
            conflatingSubscribers.decrementAndGet();
            if (--subscriber.feed.conflating == 0) {
                subscriber.feed.recent.clear();
            }
        }
    }

    /**
     * Ends the session of a subscriber that fell too far behind, as API.md has it for a slow client: an
     * ERROR frame, after which Spring closes the session and drops what is still queued for it. The client
     * re-subscribes for a fresh snapshot. It does not wait behind the frames queued for the session
     * ({@link SessionOrderedExecutor}), which are what is too many.
     */
    private void cutOff(Subscriber subscriber, int share) {
        log.info("subscriber {} has {} messages queued (its share is {}): ending its session", subscriber.sessionId,
                subscriber.pending.count(), share);
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(subscriber.sessionId);
        error.setMessage("too slow: more than " + share + " seat changes queued; subscribe again for a fresh snapshot");
        error.setLeaveMutable(true);
        clientOutbound.send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
    }

    int subscriberCount() {
        return feeds.values().stream().mapToInt(feed -> {
            synchronized (feed) {
                return feed.subscribers.size();
            }
        }).sum();
    }

    private Optional<SeatMapView> seatMap(String tripId) {
        return queries.query(new FindSeatMapQuery(new TripId(tripId), null, null),
                ResponseTypes.optionalInstanceOf(SeatMapView.class)).join();
    }

    private void snapshot(Subscriber subscriber, SeatMapView map) {
        RenderedSeatMaps.Rendered current = rendered.current(map.tripId(), map.position(), clock.instant());
        if (current == null || current.position() != map.position()) {
            current = rendered.render(map);
        }
        sendAt(subscriber, map.position(), current.liveSnapshotFor(subscriber.user));
    }

    private byte[] serialise(Map<String, Object> body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            log.warn("could not render a change: {}", e.toString());
            return null;
        }
    }

    /**
     * Sends what brings the subscriber to {@code position}. The position is set first: with a channel that
     * writes on the sending thread, "written" runs inside the send. A message that could not be handed
     * over leaves the position as it was, so the next change finds the gap and mends it.
     */
    private void sendAt(Subscriber subscriber, long position, byte[] body) {
        long before = subscriber.position;
        subscriber.position = position;
        if (subscriber.conflating && conflatedPerSecond > 0) {
            subscriber.nextDueNanos = System.nanoTime()
                    + 1_000_000_000L * Math.max(1, conflatingSubscribers.get()) / conflatedPerSecond;
        }
        if (!send(subscriber, body)) {
            subscriber.position = before;
        }
    }

    private boolean send(Subscriber subscriber, byte[] body) {
        try {
            // The frame as Spring's STOMP handler would make it of simple headers (MESSAGE, subscription,
            // message-id), so that it writes these as they are instead of converting a copy of each message's
            // headers (3 % of the service's CPU with 5,000 subscribers, and 5-8 % of its allocation).
            StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.MESSAGE, subscriber.frameHeaders);
            headers.setSessionId(subscriber.sessionId);
            headers.setSubscriptionId(subscriber.subscriptionId);
            headers.setMessageId(subscriber.sessionId + "-" + MESSAGE_IDS.getAndIncrement());
            headers.setHeader(FeedBacklog.PENDING, subscriber.pending);
            headers.setLeaveMutable(true);
            subscriber.pending.sent();
            clientOutbound.send(MessageBuilder.createMessage(body, headers.getMessageHeaders()));
            return true;
        } catch (Exception e) {
            // Spring's outbound channel only refuses when it is shutting down, and the session goes with it
            log.warn("could not send to session {}: {}", subscriber.sessionId, e.toString());
            return false;
        }
    }
}
