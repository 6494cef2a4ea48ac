package com.example.booking.query;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.BsonDocument;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory MongoDB-wire server and a client of it that records the commands it sends: what a test
 * counts when the number of round trips is the point.
 */
public final class RecordingMongo implements AutoCloseable {

    /**
     * One command as sent: its name ({@code find}, {@code update}, …), the collection it names, and for a
     * write the statements it carries (a bulk write's updates, inserts or deletes; 0 for other commands).
     */
    public record Command(String name, String collection, int statements) {
    }

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final List<Command> sent = new CopyOnWriteArrayList<>();
    private final MongoClient client;

    public RecordingMongo() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        BsonDocument command = event.getCommand();
                        String name = event.getCommandName();
                        if (command.containsKey(name) && command.get(name).isString()) {
                            sent.add(new Command(name, command.getString(name).getValue(), statements(command)));
                        }
                    }
                }).build());
    }

    public MongoClient client() {
        return client;
    }

    /** The names of the commands sent to {@code collection} so far, in order. */
    public List<String> commandsOn(String collection) {
        return sent.stream().filter(command -> command.collection().equals(collection)).map(Command::name).toList();
    }

    /** The update statements sent to {@code collection} so far, over all its update commands. */
    public int updateStatementsOn(String collection) {
        return sent.stream().filter(command -> command.collection().equals(collection) && command.name().equals("update"))
                .mapToInt(Command::statements).sum();
    }

    private static int statements(BsonDocument command) {
        for (String list : List.of("updates", "documents", "deletes")) {
            if (command.containsKey(list) && command.get(list).isArray()) {
                return command.getArray(list).size();
            }
        }
        return 0;
    }

    public void forgetCommands() {
        sent.clear();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
