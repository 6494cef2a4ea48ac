package com.example.booking.command.deadline;

import com.mongodb.client.MongoClient;

/**
 * A step run on the job store's database before JobRunr migrates it. The embedded MongoDB-wire server
 * needs one (see its implementation in the application); a real MongoDB needs none.
 */
@FunctionalInterface
public interface JobStorePreparation {

    void prepare(MongoClient client, String database);
}
