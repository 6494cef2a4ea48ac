package com.example.booking.command.deadline;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Where and how often the deadline scheduler works.
 *
 * @param database     the MongoDB database holding JobRunr's jobs
 * @param pollInterval how often due deadlines are looked for (JobRunr's minimum is 5 s); a hold's expiry
 *                     becomes visible up to this late, while the aggregate already treats it as expired
 * @param workers      threads that run due deadlines
 * @param watchdogInterval how often a job server that stopped itself (job store unreachable) is restarted
 */
@Validated
@ConfigurationProperties("booking.deadlines")
public record DeadlineProperties(@NotBlank @DefaultValue("jobrunr") String database,
                                 @NotNull @DefaultValue("5s") Duration pollInterval,
                                 @DefaultValue("2") int workers,
                                 @NotNull @DefaultValue("15s") Duration watchdogInterval) {
}
