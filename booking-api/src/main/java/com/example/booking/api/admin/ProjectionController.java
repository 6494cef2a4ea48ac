package com.example.booking.api.admin;

import com.example.booking.query.config.ReadModelConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/** Status of every projection (processing group): running, rebuilding or stopped, its position and lag. */
@RestController
@Tag(name = "History and administration")
class ProjectionController {

    private final EventProcessingConfiguration processing;
    private final EventStore events;

    ProjectionController(EventProcessingConfiguration processing, EventStore events) {
        this.processing = processing;
        this.events = events;
    }

    /**
     * {@code position} and {@code head} are event-stream positions as the event store reports them;
     * {@code lag} is their difference and {@code progress} the share of the stream processed.
     */
    record ProjectionStatus(String name, String status, Long position, Long head, Long lag, Integer progress,
                            int segments) {
    }

    @Operation(summary = "Status of every projection (ADMIN)")
    @GetMapping("/api/admin/projections")
    List<ProjectionStatus> projections() {
        Long head = position(events.createHeadToken());
        return ReadModelConfiguration.GROUPS.stream().map(name -> processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .map(processor -> status(name, processor, head))
                .orElse(new ProjectionStatus(name, "unknown", null, head, null, null, 0))).toList();
    }

    private static ProjectionStatus status(String name, StreamingEventProcessor processor, Long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        boolean replaying = segments.stream().anyMatch(EventTrackerStatus::isReplaying);
        Long position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).min(Long::compare).orElse(null);
        String status = !processor.isRunning() ? "stopped" : replaying ? "rebuilding" : "running";
        Long lag = head == null || position == null ? null : Math.max(0, head - position);
        Integer progress = head == null || position == null || head == 0 ? null
                : (int) Math.min(100, Math.round(100.0 * position / head));
        return new ProjectionStatus(name, status, position, head, lag, progress, segments.size());
    }

    private static Long position(TrackingToken token) {
        return token == null ? null : token.position().stream().boxed().findFirst().orElse(null);
    }
}
