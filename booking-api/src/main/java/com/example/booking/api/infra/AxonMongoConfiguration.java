package com.example.booking.api.infra;

import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Axon's event store, token store and saga store on MongoDB, declared by hand: axon-mongo 4.11+ has no
 * Spring Boot auto-configuration. The Axon template is deliberately not named {@code mongoTemplate},
 * which Spring Data owns.
 */
@Configuration(proxyBeanMethods = false)
class AxonMongoConfiguration {

    @Bean
    org.axonframework.extensions.mongo.MongoTemplate axonMongoTemplate(MongoClient client,
                                                                      InfrastructureProperties properties) {
        return DefaultMongoTemplate.builder().mongoDatabase(client, properties.database()).build();
    }

    /**
     * One document per event. Its unique index on (aggregateIdentifier, sequenceNumber) is what makes a
     * stale writer fail: it is created here on start-up. Built by hand, it gets no snapshot filter from
     * Axon's configuration: the write side's is passed in.
     */
    @Bean
    EventStorageEngine eventStorageEngine(org.axonframework.extensions.mongo.MongoTemplate axonMongoTemplate,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer,
                                          SnapshotFilter readableSnapshots,
                                          EventStoreProperties properties,
                                          MeterRegistry meters) {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .snapshotFilter(readableSnapshots)
                .storageStrategy(new PagedEventStorageStrategy(properties.lookBack(), properties.recentLookBack(), meters))
                .build();
        engine.ensureIndexes();
        return engine;
    }

    @Bean
    TokenStore tokenStore(org.axonframework.extensions.mongo.MongoTemplate axonMongoTemplate, Serializer serializer) {
        // axon-mongo's default, stated because ClaimedSegments trusts a claim for a fifth of it
        return MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer)
                .claimTimeout(Duration.ofSeconds(10)).build();
    }

    @Bean
    SagaStore<Object> sagaStore(org.axonframework.extensions.mongo.MongoTemplate axonMongoTemplate,
                                Serializer serializer) {
        return MongoSagaStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }
}
