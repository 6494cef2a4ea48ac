package com.example.booking.query.hold;

import com.example.booking.query.live.LiveFeed;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.Projection;
import com.example.booking.query.projection.ProjectionSlot;
import org.axonframework.config.Configuration;
import org.springframework.stereotype.Component;

@Component
class HoldProjection implements Projection {

    private final ProjectionProgress progress;
    private final LiveFeed feed;

    HoldProjection(ProjectionProgress progress, LiveFeed feed) {
        this.progress = progress;
        this.feed = feed;
    }

    @Override
    public String group() {
        return HoldProjector.GROUP;
    }

    @Override
    public Object projector(ProjectionSlot slot, Configuration axon) {
        return new HoldProjector(slot, progress, feed);
    }
}
