package com.example.booking.api.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where MongoDB and Redis are. Blank URLs mean "embedded": an in-process MongoDB-wire server keeping
 * its data under {@code dataDir}, and a real redis-server binary started on a free port.
 *
 * @param mongodbUri   {@code MONGODB_URI}; blank starts the embedded MongoDB-wire server
 * @param database     the database of events, tokens and read models
 * @param redisUrl     {@code REDIS_URL}; blank starts an embedded Redis
 * @param dataDir      the embedded MongoDB-wire server's data folder (survives restarts)
 * @param embeddedMongoPort the embedded server's port; 0 picks a free one
 * @param embeddedRedisPort the embedded Redis's port; 0 picks a free one
 * @param embeddedMongoCacheMb the embedded server's page cache (H2's, in MB); a page that left it is read
 *                     from the file and decoded again on its next use
 * @param embeddedMongoThreads the embedded server's event-loop threads; 0 is Netty's default (twice the cores).
 *                     Each loop serves its connections one request at a time, so a small write sent on a
 *                     connection whose loop is busy with a large bulk write waits for all of it
 * @param inMemory     keep embedded MongoDB data in memory only (tests)
 * @param mongodbReadTimeout how long a MongoDB command may wait for its answer, unless {@code MONGODB_URI} sets
 *                     {@code socketTimeoutMS}; the driver's default waits for ever, so a server that stops
 *                     answering without closing the connection held the command's thread, and with it the
 *                     trip's command queue, until the service restarted. Long enough for the largest single
 *                     command a rebuild or a large trip's load sends
 * @param mongoCommandMetrics time every MongoDB command by command and collection
 *                     ({@code mongodb.driver.commands}); off by default: with a listener the driver turns
 *                     every insert and update batch into a document for it, on the hot path of every command
 */
@ConfigurationProperties("booking.infra")
public record InfrastructureProperties(String mongodbUri,
                                       @DefaultValue("booking") String database,
                                       String redisUrl,
                                       @DefaultValue("data") Path dataDir,
                                       @DefaultValue("0") int embeddedMongoPort,
                                       @DefaultValue("0") int embeddedRedisPort,
                                       @DefaultValue("16") int embeddedMongoCacheMb,
                                       @DefaultValue("0") int embeddedMongoThreads,
                                       @DefaultValue("false") boolean inMemory,
                                       @DefaultValue("false") boolean mongoCommandMetrics,
                                       @DefaultValue("30s") Duration mongodbReadTimeout) {

    public boolean embeddedMongo() {
        return mongodbUri == null || mongodbUri.isBlank();
    }

    public boolean embeddedRedis() {
        return redisUrl == null || redisUrl.isBlank();
    }
}
