package com.example.booking.query.projection;

import com.mongodb.client.MongoClient;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every projection keeps its read model in one of two slots, each a database of its own with the same
 * collection names, filled by a processor of its own ({@code seat-maps@a}, {@code seat-maps@b}). Readers
 * use the live slot; a rebuild fills the other one from the event store and then becomes live in one
 * update of the slots document, so no reader ever sees an empty or half-built model.
 * <p>
 * Why databases rather than prefixed collections: the projectors and queries keep their plain
 * collection names, and dropping a slot is dropping its collections in a database nothing else uses.
 */
public class ReadModelSlots {

    public static final List<String> SLOTS = List.of("a", "b");

    private final MongoTemplate main;
    private final MongoClient client;
    private final List<String> groups;
    private final Clock clock;
    private final Map<String, MongoTemplate> templates = new ConcurrentHashMap<>();
    private volatile Map<String, SlotsDocument> documents = Map.of();

    public ReadModelSlots(MongoTemplate main, MongoClient client, List<String> groups, Clock clock) {
        this.main = main;
        this.client = client;
        this.groups = List.copyOf(groups);
        this.clock = clock;
        initialise();
    }

    public static String processorName(String group, String slot) {
        return group + "@" + slot;
    }

    public List<String> groups() {
        return groups;
    }

    /** The read model of {@code group} that readers use now. */
    public MongoTemplate live(String group) {
        return template(group, active(group));
    }

    public MongoTemplate template(String group, String slot) {
        return templates.computeIfAbsent(processorName(group, slot), name -> new MongoTemplate(
                new SimpleMongoClientDatabaseFactory(client, databaseName(group, slot)), main.getConverter()));
    }

    public String active(String group) {
        SlotsDocument document = documents.get(group);
        return document == null ? SLOTS.get(0) : document.active();
    }

    public boolean isActive(String group, String slot) {
        return active(group).equals(slot);
    }

    /**
     * Whether a slot's changes go out to live subscribers: the live slot, and the slot retired moments
     * ago. Around a switch an event may be applied by the new slot just before it became live and by the
     * old one just after; with both announcing during the grace period none is lost (subscribers drop
     * positions they already have).
     */
    public boolean announces(String group, String slot) {
        if (isActive(group, slot)) {
            return true;
        }
        SlotsDocument document = documents.get(group);
        return document != null && document.retiredAndCurrent(slot, clock.instant(), Duration.ZERO);
    }

    /** The processors whose read models readers use now: a command's answer waits for these. */
    public List<String> liveProcessors() {
        return groups.stream().map(group -> processorName(group, active(group))).toList();
    }

    /**
     * Whether this node's processor {@code processorName} may hold segments: the live slot, a slot being
     * built, and a slot retired moments ago. Every other slot's processor lets go of its segments, which
     * is what allows one node to reset that slot's tokens (Axon needs all of them unclaimed).
     */
    public boolean claimable(String processorName) {
        int at = processorName.lastIndexOf('@');
        String group = processorName.substring(0, at);
        String slot = processorName.substring(at + 1);
        SlotsDocument document = documents.get(group);
        if (document == null) {
            return slot.equals(SLOTS.get(0));
        }
        if (slot.equals(document.active())) {
            return true;
        }
        SlotsDocument.Rebuild rebuild = document.rebuild();
        if (rebuild != null && slot.equals(rebuild.slot())) {
            return SlotsDocument.BUILDING.equals(rebuild.state());
        }
        return document.retiredAndCurrent(slot, clock.instant(), Duration.ZERO);
    }

    SlotsDocument document(String group) {
        return documents.get(group);
    }

    /** Re-reads the slots of every projection; called periodically on every node. */
    void refresh() {
        Map<String, SlotsDocument> read = new HashMap<>();
        main.findAll(SlotsDocument.class, SlotsDocument.COLLECTION).forEach(document -> read.put(document.id(), document));
        documents = Map.copyOf(read);
    }

    /** Applies {@code update} if the projection's document still matches {@code expected}; true if it did. */
    boolean change(String group, Criteria expected, Update update) {
        boolean changed = main.updateFirst(Query.query(Criteria.where("_id").is(group).andOperator(expected)), update,
                SlotsDocument.COLLECTION).getModifiedCount() > 0;
        if (changed) {
            refresh();
        }
        return changed;
    }

    /** Takes the next sequence number of the projection's history stream. */
    long nextAuditSequence(String group) {
        SlotsDocument after = main.findAndModify(Query.query(Criteria.where("_id").is(group)),
                new Update().inc("auditEvents", 1),
                org.springframework.data.mongodb.core.FindAndModifyOptions.options().returnNew(true),
                SlotsDocument.class, SlotsDocument.COLLECTION);
        return after.auditEvents() - 1;
    }

    /** Events in the projections' history streams, which are not trip events and no projection applies. */
    long auditEvents() {
        return documents.values().stream().mapToLong(SlotsDocument::auditEvents).sum();
    }

    Instant now() {
        return clock.instant();
    }

    private void initialise() {
        for (String group : groups) {
            main.upsert(Query.query(Criteria.where("_id").is(group)),
                    new Update().setOnInsert("active", SLOTS.get(0)).setOnInsert("auditEvents", 0L),
                    SlotsDocument.COLLECTION);
        }
        refresh();
    }

    private String databaseName(String group, String slot) {
        return main.getDb().getName() + "_" + group.replace('-', '_') + "_" + slot;
    }
}
