package com.example.booking.query.config;

import com.example.booking.query.progress.ProjectionProgress;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.List;

/** The read side's wiring: projections, their query handlers, and the progress they report. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = "com.example.booking.query")
public class ReadModelConfiguration {

    /** Every processing group that keeps a per-trip read model; a command's answer waits for all of them. */
    public static final List<String> GROUPS = List.of("seat-maps", "holds", "bookings");

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
    ProjectionProgress projectionProgress(MongoTemplate mongoTemplate) {
        return new ProjectionProgress(mongoTemplate, GROUPS);
    }
}
