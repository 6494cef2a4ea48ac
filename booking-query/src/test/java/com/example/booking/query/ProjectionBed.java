package com.example.booking.query;

import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.ProjectionSlot;
import com.example.booking.query.projection.ReadModelSlots;
import com.mongodb.client.MongoClient;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.util.List;

/**
 * One projection group's read model on a test server, wired as the application wires it: its slots, the
 * progress positions, and the live slot a projector under test writes to (announcing what it applies).
 */
public final class ProjectionBed implements AutoCloseable {

    private final ReadModelSlots slots;
    private final ProjectionProgress progress;
    private final ProjectionSlot live;

    public ProjectionBed(MongoClient client, String group, Clock clock) {
        MongoTemplate template = new MongoTemplate(client, "test");
        slots = new ReadModelSlots(template, client, List.of(group), clock);
        progress = new ProjectionProgress(template, slots::liveProcessors);
        live = new ProjectionSlot(group, slots.active(group), slots.live(group), () -> true);
    }

    public ReadModelSlots slots() {
        return slots;
    }

    public ProjectionProgress progress() {
        return progress;
    }

    public ProjectionSlot live() {
        return live;
    }

    @Override
    public void close() {
        progress.close();
    }
}
