package com.example.booking.query.config;

import com.example.booking.query.history.HistoryProperties;
import com.example.booking.query.progress.ClaimedSegments;
import com.example.booking.query.progress.PacedTokenStore;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.query.projection.BatchEnd;
import com.example.booking.query.projection.Projection;
import com.example.booking.query.projection.ProjectionSlot;
import com.example.booking.query.projection.ReadModelProperties;
import com.example.booking.query.projection.ReadModelSlots;
import com.example.booking.query.projection.SlotClaims;
import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/** The read side's wiring: projections in their slots, their query handlers, and the progress they report. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = "com.example.booking.query")
@EnableConfigurationProperties({ReadModelProperties.class, HistoryProperties.class})
public class ReadModelConfiguration {

    /** Every projection that keeps a per-trip read model; a command's answer waits for all of them. */
    public static final List<String> GROUPS = List.of("seat-maps", "holds", "bookings");
    /** How often processors look for events other nodes stored (Axon's reader fetches them every second). */
    private static final Duration OTHER_NODES_TICK = Duration.ofMillis(250);

    /**
     * A projection that fails on an event must not skip it (Axon's default only logs): the error
     * propagates, the processor releases the segment and retries the event with back-off.
     */
    @Bean
    ConfigurerModule projectionErrorsPropagate() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    @Bean
    ReadModelSlots readModelSlots(MongoTemplate mongoTemplate, MongoClient mongoClient, Clock clock) {
        return new ReadModelSlots(mongoTemplate, mongoClient, GROUPS, clock);
    }

    @Bean
    ClaimedSegments claimedSegments() {
        return new ClaimedSegments();
    }

    @Bean
    ProjectionProgress projectionProgress(MongoTemplate mongoTemplate, ReadModelSlots slots, ClaimedSegments claims) {
        return new ProjectionProgress(mongoTemplate, slots::liveProcessors, claims);
    }

    /**
     * Two pooled processors per projection, one per slot, on every node. Both run everywhere, but a
     * processor claims segments only while its slot is live or being built ({@link ReadModelSlots#claimable}),
     * asked again at every claim interval: that is how every node lets go of a slot before it is reset.
     */
    @Bean
    ConfigurerModule projectionsInSlots(ObjectProvider<Projection> projections, ReadModelSlots slots,
                                        ReadModelProperties properties, ClaimedSegments claims,
                                        ProjectionProgress progress, ObjectProvider<MeterRegistry> meters) {
        // without Actuator (the module's own tests) the lags are kept but not published
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing();
            // one source for all processors: Axon builds a registered component once
            configurer.registerComponent(PromptEventSource.class, axon -> {
                PromptEventSource source = new PromptEventSource(axon.eventStore(), OTHER_NODES_TICK);
                axon.onShutdown(source::close);
                return source;
            });
            for (String group : GROUPS) {
                for (String slot : ReadModelSlots.SLOTS) {
                    register(processing, group, projections, slot, slots, properties, claims, progress, registry);
                }
            }
        };
    }

    /**
     * The projectors are made when Axon starts its processors, not when it is configured: they need the
     * live feed, which needs Axon's query gateway.
     */
    private static void register(EventProcessingConfigurer processing, String group,
                                 ObjectProvider<Projection> projections, String slot, ReadModelSlots slots,
                                 ReadModelProperties properties, ClaimedSegments claims,
                                 ProjectionProgress progress, MeterRegistry meters) {
        String name = ReadModelSlots.processorName(group, slot);
        // the node's token store, through which the projection's progress learns of every claim change
        processing.registerTokenStore(name, axon -> claims.watching(
                new PacedTokenStore(axon.getComponent(TokenStore.class), properties.tokenInterval())));
        ProjectionSlot target = new ProjectionSlot(group, slot, slots.template(group, slot),
                () -> slots.announces(group, slot));
        AtomicReference<Object> projector = new AtomicReference<>();
        processing.registerPooledStreamingEventProcessor(name, ReadModelConfiguration::events, (axon, builder) -> {
            ScheduledExecutorService workers = Executors.newScheduledThreadPool(properties.threads(),
                    new AxonThreadFactory("WorkPackage[" + name + "]"));
            axon.onShutdown(workers::shutdown);
            // from the first event, as a plain token: Axon's default starts a new processor with a
            // ReplayToken up to the head, and with axon-mongo's timestamp tokens that replay never ends
            // (the token it compares against is not "covered"): the replay token absorbs the id of every
            // event it passes, so each event cost more than the last and a long history filled the heap
            return builder.workerExecutor(workers)
                    .initialToken(StreamableMessageSource::createTailToken)
                    .initialSegmentCount(properties.segments())
                    .batchSize(properties.batchSize())
                    .tokenClaimInterval(properties.claimInterval().toMillis())
                    .maxSegmentProvider(new SlotClaims(slots));
        });
        processing.registerHandlerInterceptor(name, axon -> new BatchEnd(name, meters, progress::storeBatch));
        processing.registerEventHandler(axon -> {
            Projection projection = projections.stream().filter(candidate -> candidate.group().equals(group))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no projection " + group));
            Object instance = projection.projector(target, axon);
            projector.set(instance);
            return instance;
        });
        processing.assignHandlerInstancesMatching(name, handler -> handler == projector.get());
    }

    /** The event store as every projection processor reads it. */
    private static PromptEventSource events(Configuration axon) {
        return axon.getComponent(PromptEventSource.class);
    }
}
