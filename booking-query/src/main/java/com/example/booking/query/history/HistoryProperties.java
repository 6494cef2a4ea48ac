package com.example.booking.query.history;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param checkpointEvery a past seat map keeps a checkpoint of its fold every this many trip events, so
 *                        that a later "as of" read starts from the newest checkpoint before its moment
 */
@Validated
@ConfigurationProperties("booking.history")
public record HistoryProperties(@Min(10) @DefaultValue("1000") int checkpointEvery) {
}
