package com.example.booking.api.infra.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
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
        servers.add(server);
        MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
        clients.add(client);
        return client.getDatabase("test").getCollection(name);
    }

    @Override
    public void close() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }
}
