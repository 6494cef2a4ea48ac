package com.example.booking.api.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the projections' tracking reads look for events stored late; see {@link PagedEventStorageStrategy}
 * for why.
 *
 * @param lookBack       how far behind its newest event a tracking read looks again (axon-mongo tracks the
 *                       store by event timestamp; at the stock 1 s two nodes under load lost events)
 * @param recentLookBack how far back the other tracking reads look, where that keeps each aggregate's
 *                       events in order; each stream looks back the whole {@code lookBack} once per this
 */
@ConfigurationProperties("booking.event-store")
public record EventStoreProperties(@DefaultValue("10s") Duration lookBack,
                                   @DefaultValue("1s") Duration recentLookBack) {
}
