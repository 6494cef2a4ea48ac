package com.example.booking.api.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the projections' tracking reads look for events stored late; see {@link PagedEventStorageStrategy}
 * for why each is what it is.
 *
 * @param lookBack       how far behind its newest event a tracking read looks again (axon-mongo tracks the
 *                       store by event timestamp; at the stock 1 s two nodes under load lost events)
 * @param recentLookBack how far back a read looks otherwise, where that keeps each trip's events in order;
 *                       once per this interval each stream looks back the whole {@code lookBack}
 */
@ConfigurationProperties("booking.event-store")
public record EventStoreProperties(@DefaultValue("10s") Duration lookBack,
                                   @DefaultValue("1s") Duration recentLookBack) {
}
