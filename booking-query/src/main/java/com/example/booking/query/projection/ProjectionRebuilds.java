package com.example.booking.query.projection;

import com.example.booking.query.history.HistoryEntries;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import com.example.booking.shared.history.HistoryEntry;
import com.example.booking.shared.projection.ProjectionRebuildCompletedEvent;
import com.example.booking.shared.projection.ProjectionRebuildRequestedEvent;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds a projection while the service keeps serving. Readers stay on the live slot while the other
 * slot is reset and refilled from the event store; once it has applied every trip at least as far as
 * the live one, it becomes live in one conditional update, and the old slot is kept current for a short
 * grace period (for nodes that have not yet re-read the slots) before its processor lets go.
 * <p>
 * Several nodes: the request only writes the slots document. Every node re-reads it periodically and
 * drives the next step; each step is a conditional update, so exactly one node performs it. Before the
 * reset, every node's processor for that slot has let go of its segments (the slot is not claimable),
 * which Axon's token reset requires; a node still holding one makes the reset fail, and it is tried
 * again later.
 */
@Component
public class ProjectionRebuilds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final String EVENTS = "domainevents";
    private static final String TOKENS = "trackingtokens";
    private static final String AUDIT_TYPE = "ReadModel";
    /** A node that took the reset step and did not finish it within this time is presumed gone. */
    private static final Duration RESET_TIMEOUT = Duration.ofSeconds(60);

    private final ReadModelSlots slots;
    private final ProjectionProgress progress;
    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final MongoTemplate mongo;
    private final ReadModelProperties properties;
    private final String node = UUID.randomUUID().toString();
    private final Set<String> seenRebuilds = new HashSet<>();
    private final Map<String, Instant> lastLogged = new HashMap<>();
    private volatile ScheduledExecutorService ticker;

    public ProjectionRebuilds(ReadModelSlots slots, ProjectionProgress progress, EventProcessingConfiguration processing,
                              EventStore events, MongoTemplate mongo, ReadModelProperties properties) {
        this.slots = slots;
        this.progress = progress;
        this.processing = processing;
        this.events = events;
        this.mongo = mongo;
        this.properties = properties;
    }

    /** Starts a rebuild of {@code group}; the caller's actor, channel and request id go into its history. */
    public ProjectionStatus.Rebuild request(String group, String actor, Map<String, ?> origin) {
        SlotsDocument document = known(group);
        if (document.rebuild() != null) {
            throw new BookingRejectedException(ErrorCode.REBUILD_RUNNING,
                    "rebuild " + document.rebuild().rebuildId() + " of " + group + " is still running");
        }
        String slot = other(document.active());
        Instant now = slots.now();
        SlotsDocument.Rebuild rebuild = new SlotsDocument.Rebuild(UUID.randomUUID().toString(), slot,
                SlotsDocument.RELEASING, actor, now, null, null, null, null, 0);
        if (!slots.change(group, Criteria.where("rebuild").is(null).and("active").is(document.active()),
                new Update().set("rebuild", rebuild))) {
            throw new BookingRejectedException(ErrorCode.REBUILD_RUNNING, "a rebuild of " + group + " is already running");
        }
        record(group, new ProjectionRebuildRequestedEvent(group, rebuild.rebuildId(), slot),
                MetaData.from(origin).and(AuditTrail.ACTOR, actor));
        log.info("Rebuild {} of projection {} into slot {} requested by {}", rebuild.rebuildId(), group, slot, actor);
        return view(rebuild, 0);
    }

    public List<ProjectionStatus> status() {
        long head = head();
        return slots.groups().stream().map(group -> status(group, head)).toList();
    }

    /** The projection's own history: who asked for which rebuild, and when each completed. */
    public List<HistoryEntry> history(String group) {
        known(group);
        List<HistoryEntry> history = new ArrayList<>();
        DomainEventStream stream = events.readEvents(streamOf(group));
        stream.forEachRemaining(event -> history.add(HistoryEntries.of(event)));
        return history;
    }

    /** One step of every rebuild under way, as far as this node can take it; runs on every node. */
    void tick() {
        slots.refresh();
        for (String group : slots.groups()) {
            SlotsDocument document = slots.document(group);
            SlotsDocument.Rebuild rebuild = document == null ? null : document.rebuild();
            if (rebuild == null) {
                continue;
            }
            String processor = ReadModelSlots.processorName(group, rebuild.slot());
            if (seenRebuilds.add(rebuild.rebuildId())) {
                progress.forgetLocally(processor);
            }
            switch (rebuild.state()) {
                case SlotsDocument.RELEASING -> reset(group, document, rebuild);
                case SlotsDocument.RESETTING -> takeOverAbandonedReset(group, rebuild);
                case SlotsDocument.BUILDING -> {
                    logProgress(group, document, rebuild);
                    completeIfCaughtUp(group, document, rebuild);
                }
                default -> log.warn("Rebuild {} of {} is in unknown state {}", rebuild.rebuildId(), group, rebuild.state());
            }
        }
    }

    private void reset(String group, SlotsDocument document, SlotsDocument.Rebuild rebuild) {
        // a slot retired moments ago may still be claimed by a node that re-reads its segment limit later
        if (document.retiredAndCurrent(rebuild.slot(), slots.now(), properties.claimInterval())) {
            return;
        }
        Criteria releasing = Criteria.where("rebuild.rebuildId").is(rebuild.rebuildId()).and("rebuild.state").is(SlotsDocument.RELEASING);
        if (!slots.change(group, releasing, new Update().set("rebuild.state", SlotsDocument.RESETTING)
                .set("rebuild.resetBy", node).set("rebuild.resetAt", slots.now()))) {
            return;
        }
        String name = ReadModelSlots.processorName(group, rebuild.slot());
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        Criteria resetting = Criteria.where("rebuild.rebuildId").is(rebuild.rebuildId()).and("rebuild.resetBy").is(node);
        processor.shutDown();
        try {
            resetToTheFirstEvent(processor, name);
            slots.change(group, resetting, new Update().set("rebuild.state", SlotsDocument.BUILDING)
                    .set("rebuild.startedAt", slots.now()));
            log.info("Rebuild {} of {}: slot {} reset, building from the event store", rebuild.rebuildId(), group,
                    rebuild.slot());
        } catch (UnableToClaimTokenException e) {
            log.info("Rebuild {} of {}: another node still holds a segment of {}; trying again", rebuild.rebuildId(), group,
                    name);
            slots.change(group, resetting, new Update().set("rebuild.state", SlotsDocument.RELEASING));
        } catch (RuntimeException e) {
            log.warn("Rebuild {} of {}: reset failed, trying again: {}", rebuild.rebuildId(), group, e.toString());
            slots.change(group, resetting, new Update().set("rebuild.state", SlotsDocument.RELEASING));
        } finally {
            processor.start();
        }
    }

    /**
     * Empties the slot (its projector's reset handler) and deletes its tokens, so that the processor, when
     * it starts, begins again at the first event with a plain token. Axon's own reset would keep each
     * current token inside a ReplayToken until the replay has passed it, and axon-mongo's timestamp tokens
     * never report that it has: the replay token then absorbs the id of every event it passes, each event
     * costs more than the last, and a long history fills the heap. Nothing needs the replay status: the
     * slot is not live while it builds, so it announces nothing, and it becomes live only once its
     * positions have reached the live slot's. Claiming every segment first fails, as a reset would, while
     * another node still holds one.
     */
    private void resetToTheFirstEvent(StreamingEventProcessor processor, String name) {
        TokenStore tokens = processing.tokenStore(name);
        int[] segments = tokens.fetchSegments(name);
        List<Integer> claimed = new ArrayList<>();
        try {
            for (int segment : segments) {
                tokens.fetchToken(name, segment);
                claimed.add(segment);
            }
        } catch (RuntimeException e) {
            // the next attempt, perhaps on another node, must not find these segments claimed by this one
            claimed.forEach(segment -> tokens.releaseClaim(name, segment));
            throw e;
        }
        ((AbstractEventProcessor) processor).eventHandlerInvoker().performReset();
        for (int segment : segments) {
            tokens.deleteToken(name, segment);
        }
    }

    private void takeOverAbandonedReset(String group, SlotsDocument.Rebuild rebuild) {
        if (rebuild.resetAt() != null && slots.now().isAfter(rebuild.resetAt().plus(RESET_TIMEOUT))) {
            slots.change(group, Criteria.where("rebuild.rebuildId").is(rebuild.rebuildId()).and("rebuild.resetBy").is(rebuild.resetBy())
                    .and("rebuild.state").is(SlotsDocument.RESETTING), new Update().set("rebuild.state", SlotsDocument.RELEASING));
        }
    }

    /**
     * The new slot may become live once its tokens exist again after the reset (and are not a replay's,
     * from a reset of an older version) and every trip it shows is at least as far as in the live slot. The live positions are
     * read first, so the new slot was at least that far when its own positions were read.
     */
    private void completeIfCaughtUp(String group, SlotsDocument document, SlotsDocument.Rebuild rebuild) {
        String processor = ReadModelSlots.processorName(group, rebuild.slot());
        Map<String, Long> live = progress.positions(ReadModelSlots.processorName(group, document.active()));
        if (replaying(processor)) {
            return;
        }
        Map<String, Long> built = progress.positions(processor);
        boolean caughtUp = live.entrySet().stream()
                .allMatch(trip -> built.getOrDefault(trip.getKey(), -1L) >= trip.getValue());
        if (!caughtUp) {
            return;
        }
        Instant now = slots.now();
        long applied = applied(built);
        SlotsDocument.Rebuild completed = new SlotsDocument.Rebuild(rebuild.rebuildId(), rebuild.slot(), SlotsDocument.COMPLETED,
                rebuild.requestedBy(), rebuild.requestedAt(), rebuild.resetBy(), rebuild.resetAt(), rebuild.startedAt(),
                now, applied);
        boolean switched = slots.change(group, Criteria.where("rebuild.rebuildId").is(rebuild.rebuildId())
                        .and("rebuild.state").is(SlotsDocument.BUILDING),
                new Update().set("active", rebuild.slot()).set("retired", document.active())
                        .set("retiredUntil", now.plus(properties.switchGrace())).set("rebuild", null)
                        .set("lastRebuild", completed));
        if (switched) {
            long millis = Duration.between(rebuild.requestedAt(), now).toMillis();
            record(group, new ProjectionRebuildCompletedEvent(group, rebuild.rebuildId(), rebuild.slot(), applied, millis),
                    MetaData.with(AuditTrail.ACTOR, AuditTrail.SYSTEM));
            log.info("Rebuild {} of {} completed: slot {} is live, {} events applied in {} ms", rebuild.rebuildId(), group,
                    rebuild.slot(), applied, millis);
        }
    }

    private boolean replaying(String processor) {
        List<Document> tokens = mongo.find(Query.query(Criteria.where("processorName").is(processor)), Document.class,
                TOKENS);
        return tokens.isEmpty() || tokens.stream().anyMatch(token ->
                String.valueOf(token.get("tokenType")).endsWith("ReplayToken"));
    }

    private void logProgress(String group, SlotsDocument document, SlotsDocument.Rebuild rebuild) {
        Instant now = slots.now();
        Instant last = lastLogged.get(rebuild.rebuildId());
        if (last != null && now.isBefore(last.plus(properties.logInterval()))) {
            return;
        }
        lastLogged.put(rebuild.rebuildId(), now);
        long applied = applied(progress.positions(ReadModelSlots.processorName(group, rebuild.slot())));
        long target = applied(progress.positions(ReadModelSlots.processorName(group, document.active())));
        log.info("Rebuild {} of {}: {}% ({} of {} events)", rebuild.rebuildId(), group, percent(applied, target), applied,
                target);
    }

    private ProjectionStatus status(String group, long head) {
        SlotsDocument document = known(group);
        String active = document.active();
        long position = applied(progress.positions(ReadModelSlots.processorName(group, active)));
        SlotsDocument.Rebuild rebuild = document.rebuild();
        ProjectionStatus.Rebuild running = null;
        int percent = percent(position, head);
        String state;
        if (rebuild != null) {
            long built = applied(progress.positions(ReadModelSlots.processorName(group, rebuild.slot())));
            running = view(rebuild, built);
            percent = Math.min(99, percent(built, Math.max(head, position)));
            state = "rebuilding";
        } else {
            state = processing.eventProcessor(ReadModelSlots.processorName(group, active), StreamingEventProcessor.class)
                    .filter(StreamingEventProcessor::isRunning)
                    .filter(processor -> processor.processingStatus().values().stream()
                            .noneMatch(EventTrackerStatus::isErrorState))
                    .map(processor -> "running").orElse("stopped");
        }
        SlotsDocument.Rebuild last = document.lastRebuild();
        return new ProjectionStatus(group, state, position, head, Math.max(0, head - position), percent, active, running,
                last == null ? null : view(last, last.eventsApplied()));
    }

    /** Trip events in the store: every stored event but the projections' own history. */
    private long head() {
        return Math.max(0, mongo.getCollection(EVENTS).estimatedDocumentCount() - slots.auditEvents());
    }

    private void record(String group, Object event, MetaData metaData) {
        long sequence = slots.nextAuditSequence(group);
        events.publish(new GenericDomainEventMessage<>(AUDIT_TYPE, streamOf(group), sequence, event, metaData));
    }

    private SlotsDocument known(String group) {
        SlotsDocument document = slots.groups().contains(group) ? slots.document(group) : null;
        if (document == null) {
            throw new BookingRejectedException(ErrorCode.PROJECTION_NOT_FOUND, "no projection " + group
                    + "; there are " + String.join(", ", slots.groups()));
        }
        return document;
    }

    private static ProjectionStatus.Rebuild view(SlotsDocument.Rebuild rebuild, long applied) {
        return new ProjectionStatus.Rebuild(rebuild.rebuildId(), rebuild.slot(), rebuild.state(), rebuild.requestedBy(),
                rebuild.requestedAt(), rebuild.startedAt(), rebuild.completedAt(), applied);
    }

    /** Events a read model has applied: every trip's events up to its position. */
    private static long applied(Map<String, Long> positions) {
        return positions.values().stream().mapToLong(position -> position + 1).sum();
    }

    private static int percent(long part, long whole) {
        return whole <= 0 ? 100 : (int) Math.min(100, part * 100 / whole);
    }

    private static String other(String slot) {
        return ReadModelSlots.SLOTS.get(0).equals(slot) ? ReadModelSlots.SLOTS.get(1) : ReadModelSlots.SLOTS.get(0);
    }

    private static String streamOf(String group) {
        return "projection:" + group;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-rebuilds");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
        ticker = executor;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // MongoDB away, say: the next tick tries again; a rebuild only moves on conditional updates
            log.warn("Projection rebuild step failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = ticker;
        ticker = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** After Axon's processors have started, before they stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
