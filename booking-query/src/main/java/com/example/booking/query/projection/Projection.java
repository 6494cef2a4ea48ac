package com.example.booking.query.projection;

import org.axonframework.config.Configuration;

/** A read model that can be built into either slot: makes the projector (the event handlers) for one slot. */
public interface Projection {

    String group();

    Object projector(ProjectionSlot slot, Configuration axon);
}
