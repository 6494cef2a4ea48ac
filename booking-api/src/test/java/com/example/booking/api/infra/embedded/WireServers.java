package com.example.booking.api.infra.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/** Wire servers a test starts, each reached through a real driver client; all stopped together. */
final class WireServers implements AutoCloseable {

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    /** A collection of database {@code test} on the server, which is started now if it is not yet. */
    MongoCollection<Document> collection(MongoServer server, String name) {
        return collection(server, name, "");
    }

    /** The same, through a client that never retries a read, so that a broken answer shows as an error. */
    MongoCollection<Document> collectionWithoutRetries(MongoServer server, String name) {
        return collection(server, name, "/?retryReads=false&retryWrites=false");
    }

    /** Database {@code test} on the server, which is started now if it is not yet. */
    MongoDatabase database(MongoServer server) {
        return database(server, "");
    }

    private MongoCollection<Document> collection(MongoServer server, String name, String options) {
        return database(server, options).getCollection(name);
    }

    private MongoDatabase database(MongoServer server, String options) {
        if (!servers.contains(server)) {
            servers.add(server);
        }
        MongoClient client = MongoClients.create(connectionString(server) + options);
        clients.add(client);
        return client.getDatabase("test");
    }

    private static String connectionString(MongoServer server) {
        return server.getLocalAddress() != null ? server.getConnectionString() : server.bindAndGetConnectionString();
    }

    @Override
    public void close() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }
}
