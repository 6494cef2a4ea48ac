package com.example.booking.command.lock;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The per-trip Redis lock.
 *
 * @param lease       how long a lock lives in Redis if its holder dies: how long a crashed node can keep a
 *                    trip from being served. Kept short, because a live holder renews it
 * @param waitTime    how long a request waits for its turn before it is answered {@code seat_locked}
 * @param maxAttempts how often a command is tried when another writer got in first (a {@code ConcurrencyException})
 * @param renew       renew held locks every third of the lease; off only to simulate a holder that stalls
 * @param maxBatch    how many queued commands of a trip one lock turn decides and stores together (group commit)
 * @param writers     threads per node that take trip locks and write batches; one per trip at a time
 */
@Validated
@ConfigurationProperties("booking.lock")
public record TripLockProperties(@NotNull @DefaultValue("5s") Duration lease,
                                 @NotNull @DefaultValue("3s") Duration waitTime,
                                 @Min(1) @Max(20) @DefaultValue("5") int maxAttempts,
                                 @DefaultValue("true") boolean renew,
                                 @Min(1) @Max(1000) @DefaultValue("100") int maxBatch,
                                 @Min(1) @Max(256) @DefaultValue("16") int writers) {
}
