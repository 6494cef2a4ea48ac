package com.example.booking.query.projection;

import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.function.BooleanSupplier;

/**
 * What one projector instance writes to: its slot's database, and its processor's name, under which its
 * per-trip progress is kept.
 */
public final class ProjectionSlot {

    private final String group;
    private final String slot;
    private final MongoTemplate template;
    private final BooleanSupplier live;

    public ProjectionSlot(String group, String slot, MongoTemplate template, BooleanSupplier live) {
        this.group = group;
        this.slot = slot;
        this.template = template;
        this.live = live;
    }

    public String group() {
        return group;
    }

    public String processorName() {
        return ReadModelSlots.processorName(group, slot);
    }

    public MongoTemplate template() {
        return template;
    }

    /**
     * Only the live slot (and, briefly, the one it replaced) tells subscribers about changes, and not
     * while it replays history: a slot being rebuilt folds the same events again, and subscribers already
     * heard of them.
     */
    public boolean announces(ReplayStatus replay) {
        return !replay.isReplay() && live.getAsBoolean();
    }
}
