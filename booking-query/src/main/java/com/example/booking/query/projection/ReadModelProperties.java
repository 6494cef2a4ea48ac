package com.example.booking.query.projection;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param segments      segments per projection processor: how many nodes (or threads) can share one projection
 * @param threads       worker threads per processor on each node
 * @param batchSize     events handled in one transaction
 * @param claimInterval how often a processor looks for segments to claim or to let go; bounds how quickly
 *                      nodes pick up a rebuild and release a retired slot
 * @param pollInterval  how often each node re-reads which slot is live and whether a rebuild is under way
 * @param switchGrace   how long the old slot keeps being updated after a switch, so nodes that have not
 *                      yet seen the switch still read a model that is kept current
 * @param logInterval   how often a running rebuild logs its progress
 * @param tokenInterval a busy segment's token is written at most this often ({@code PacedTokenStore}); keep it
 *                      well below the token store's claim timeout (10 s)
 */
@Validated
@ConfigurationProperties("booking.read-models")
public record ReadModelProperties(@Min(1) @DefaultValue("2") int segments,
                                  @Min(1) @DefaultValue("2") int threads,
                                  @Min(1) @DefaultValue("100") int batchSize,
                                  @DefaultValue("1s") Duration claimInterval,
                                  @DefaultValue("250ms") Duration pollInterval,
                                  @DefaultValue("3s") Duration switchGrace,
                                  @DefaultValue("5s") Duration logInterval,
                                  @DefaultValue("1s") Duration tokenInterval) {
}
