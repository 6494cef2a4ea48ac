package com.example.booking.command.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param threshold   events loaded beyond the last snapshot that trigger a new one; lower means faster
 *                    loads of busy trips at the cost of more snapshot writes
 * @param minInterval the least time between two snapshots a node takes of a trip it keeps loaded: a busy
 *                    trip's load then replays at most this long's events beyond its threshold
 * @param cachedTrips how many recently used trips each node keeps loaded in memory, at most
 * @param cachedSeats how many seats those trips may have together (about 100 bytes of heap each)
 */
@Validated
@ConfigurationProperties("booking.snapshots")
public record SnapshotProperties(@Min(1) @DefaultValue("200") int threshold,
                                 @DefaultValue("10s") Duration minInterval,
                                 @Min(1) @DefaultValue("5000") int cachedTrips,
                                 @Min(1) @DefaultValue("500000") long cachedSeats) {
}
