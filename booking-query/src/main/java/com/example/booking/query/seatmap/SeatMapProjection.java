package com.example.booking.query.seatmap;

import com.example.booking.query.live.LiveFeed;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.Projection;
import com.example.booking.query.projection.ProjectionSlot;
import org.axonframework.config.Configuration;
import org.springframework.stereotype.Component;

@Component
class SeatMapProjection implements Projection {

    private final ProjectionProgress progress;
    private final LiveFeed feed;

    SeatMapProjection(ProjectionProgress progress, LiveFeed feed) {
        this.progress = progress;
        this.feed = feed;
    }

    @Override
    public String group() {
        return SeatMapProjector.GROUP;
    }

    @Override
    public Object projector(ProjectionSlot slot, Configuration axon) {
        return new SeatMapProjector(slot, progress, feed, axon.queryUpdateEmitter());
    }
}
