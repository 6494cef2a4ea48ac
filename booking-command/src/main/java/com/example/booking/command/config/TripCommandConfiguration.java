package com.example.booking.command.config;

import com.example.booking.command.cache.CachedTripSeats;
import com.example.booking.command.cache.RecentTrips;
import com.example.booking.command.cache.TripVersions;
import com.example.booking.command.lock.EventStoreAvailability;
import com.example.booking.command.lock.RedisTripLocks;
import com.example.booking.command.lock.TripCommandGateway;
import com.example.booking.command.lock.TripLockProperties;
import com.example.booking.command.lock.TripLocks;
import com.example.booking.command.trip.ReadableSnapshots;
import com.example.booking.command.trip.TripSeats;
import com.example.booking.shared.AuditTrail;
import com.example.booking.shared.TripCommand;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotterFactoryBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.time.Clock;
import java.time.Duration;

/** The write side's wiring: the aggregate, its snapshots, the per-trip lock and the gateway in front. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TripLockProperties.class, SnapshotProperties.class})
@ComponentScan(basePackageClasses = {TripSeats.class, com.example.booking.command.deadline.DeadlineConfiguration.class})
public class TripCommandConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        // MongoDB keeps instants to the millisecond: moments minted finer would be answered to a client with
        // nanoseconds and read back from the read models without them, two values for one hold or booking
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /** Who, through which channel and in which request: copied from each command onto its events. */
    @Bean
    CorrelationDataProvider auditTrail() {
        return new SimpleCorrelationDataProvider(AuditTrail.ACTOR, AuditTrail.CHANNEL, AuditTrail.REQUEST_ID);
    }

    /** Routes every {@link TripCommand} by its trip id, so commands need no framework annotations. */
    @Bean
    CommandTargetResolver tripCommandTargetResolver() {
        return command -> new VersionedAggregateIdentifier(((TripCommand) command.getPayload()).tripId().value(), null);
    }

    /**
     * Snapshots are taken on their own thread: building one reads and re-serialises a whole trip
     * (100,000 seats at most), which must not hold up the command that happened to cross the threshold,
     * nor the trip's lock.
     */
    @Bean
    SpringAggregateSnapshotterFactoryBean aggregateSnapshotter(ThreadPoolTaskExecutor snapshotExecutor) {
        SpringAggregateSnapshotterFactoryBean snapshotter = new SpringAggregateSnapshotterFactoryBean();
        snapshotter.setExecutor(snapshotExecutor);
        return snapshotter;
    }

    @Bean
    ThreadPoolTaskExecutor snapshotExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("snapshotter-");
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(10);
        return executor;
    }

    /** For the event store: the snapshots this version skips rather than fails to read. */
    @Bean
    SnapshotFilter readableSnapshots() {
        return new ReadableSnapshots();
    }

    @Bean
    SnapshotTriggerDefinition tripSeatsSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties,
                                                       Clock clock) {
        return new SpacedSnapshots(snapshotter, properties.threshold(), properties.minInterval(), clock);
    }

    /** Loaded trips stay in memory between commands; {@link TripVersions} evicts those another node changed. */
    @Bean
    Cache tripSeatsCache(SnapshotProperties properties) {
        return new RecentTrips(properties.cachedTrips(), properties.cachedSeats(), new CachedTripSeats());
    }

    @Bean
    TripVersions tripVersions(StringRedisTemplate redis, Cache tripSeatsCache, EventStore eventStore) {
        TripVersions versions = new TripVersions(redis, tripSeatsCache);
        eventStore.registerDispatchInterceptor(versions);
        return versions;
    }

    @Bean
    TripLocks tripLocks(RedisConnectionFactory redis, TripLockProperties properties) {
        return new RedisTripLocks(redis, properties.lease(), properties.renew());
    }

    @Bean
    TripCommandGateway tripCommandGateway(CommandGateway commandGateway, TripLocks locks, TripVersions versions,
                                          TripLockProperties properties,
                                          ObjectProvider<EventStoreAvailability> eventStore,
                                          ObjectProvider<MeterRegistry> meters) {
        // without Actuator (the module's own tests) the timings are kept but not published
        return new TripCommandGateway(commandGateway, locks, versions, properties,
                eventStore.getIfAvailable(EventStoreAvailability::assumed), meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
