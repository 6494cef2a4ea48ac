package com.example.booking.api.infra;

import com.example.booking.api.infra.embedded.IndexedH2Backend;
import com.example.booking.api.infra.embedded.IndexedMemoryBackend;
import com.example.booking.command.deadline.JobStorePreparation;
import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * The one MongoDB client of the application, shared by the event store, the token store, JobRunr and
 * the read models. Without {@code MONGODB_URI} it talks to an in-process MongoDB-wire server.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    /**
     * An in-process MongoDB-wire server; H2's MVStore file keeps its data across restarts. Its backends are
     * extended with ordered secondary indexes, without which every event-store read scans every event.
     */
    @Bean(destroyMethod = "shutdownNow")
    @ConditionalOnExpression("'${booking.infra.mongodb-uri:}'.isBlank()")
    MongoServer embeddedMongoServer(InfrastructureProperties properties, ObjectProvider<MeterRegistry> meters) {
        MongoServer server;
        if (properties.inMemory()) {
            server = new MongoServer(new IndexedMemoryBackend());
        } else {
            try {
                Files.createDirectories(properties.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data folder " + properties.dataDir(), e);
            }
            IndexedH2Backend backend = new IndexedH2Backend(properties.dataDir().resolve("mongo.mv").toString(),
                    properties.embeddedMongoCacheMb());
            meters.ifAvailable(registry -> bindPageCache(backend.getMvStore(), registry));
            server = new MongoServer(backend);
        }
        server.bind(new InetSocketAddress("127.0.0.1", properties.embeddedMongoPort()), 0,
                properties.embeddedMongoThreads());
        log.info("embedded MongoDB-wire server on {} ({})", server.getLocalAddress(),
                properties.inMemory() ? "in memory" : properties.dataDir().toAbsolutePath());
        return server;
    }

    /**
     * Pages read from the file are the page cache's misses: each is read and decoded again, so their rate
     * shows whether {@code booking.infra.embedded-mongo-cache-mb} is large enough for the working set.
     */
    private static void bindPageCache(MVStore store, MeterRegistry registry) {
        FunctionCounter.builder("booking.embedded-mongo.page-reads", store, s -> s.getFileStore().getReadCount())
                .description("pages the embedded MongoDB-wire server read from its file (page-cache misses)")
                .register(registry);
        Gauge.builder("booking.embedded-mongo.page-cache.used", store, MVStore::getCacheSizeUsed)
                .baseUnit("megabytes")
                .description("how much of the embedded server's page cache is in use")
                .register(registry);
    }

    @Bean
    MongoReachability mongoReachability() {
        return new MongoReachability();
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(InfrastructureProperties properties, ObjectProvider<MongoServer> embedded,
                            MongoReachability reachability, ObjectProvider<MeterRegistry> meters) {
        String uri = properties.embeddedMongo()
                ? "mongodb://" + embedded.getObject().getLocalAddress().getHostString() + ":"
                        + embedded.getObject().getLocalAddress().getPort()
                : properties.mongodbUri();
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                // JobRunr refuses a client without a defined UUID representation
                .uuidRepresentation(UuidRepresentation.STANDARD)
                // fail fast when MongoDB is away, so a request gets 503 instead of hanging
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS)
                        .addClusterListener(reachability))
                .applyToServerSettings(server -> server.heartbeatFrequency(2, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> {
                    socket.connectTimeout(5, TimeUnit.SECONDS);
                    if (connection.getSocketTimeout() == null) {
                        socket.readTimeout(properties.mongodbReadTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
        if (properties.mongoCommandMetrics()) {
            // every round trip, by command and collection
            settings.addCommandListener(new MongoMetricsCommandListener(meters.getIfAvailable(SimpleMeterRegistry::new)));
        }
        return MongoClients.create(settings.build());
    }

    /**
     * JobRunr's migration M007 drops an index the MongoDB-wire server never created (it ignores non-unique
     * compound indexes) and fails; marking it done lets JobRunr start there. That server is recognised by
     * not knowing the {@code hello} command (which every MongoDB since 4.4 answers), so a real MongoDB
     * still runs the migration, also when it is reached through {@code MONGODB_URI}.
     */
    @Bean
    JobStorePreparation wireServerJobStorePreparation(ObjectProvider<MongoServer> embedded) {
        return (client, database) -> {
            if (embedded.getIfAvailable() == null && !isWireServer(client, database)) {
                return;
            }
            String migration = "M007_UpdateJobsCollectionReplaceIndices.class";
            client.getDatabase(database).getCollection("migrations").replaceOne(new Document("_id", migration),
                    new Document("_id", migration).append("name", migration).append("date", new Date()),
                    new ReplaceOptions().upsert(true));
        };
    }

    private static boolean isWireServer(MongoClient client, String database) {
        try {
            client.getDatabase(database).runCommand(new Document("hello", 1));
            return false;
        } catch (MongoCommandException e) {
            return e.getErrorCode() == 59;
        }
    }
}
