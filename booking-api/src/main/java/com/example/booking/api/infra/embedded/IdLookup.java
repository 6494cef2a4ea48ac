package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * Finds the document a query names by {@code _id} when the query also has other conditions. The wire
 * server looks a document up by its {@code _id} index only when {@code _id} is the query's one field;
 * {@code {_id: x, version: 3}} (JobRunr's optimistic lock on every job change) or
 * {@code {_id: trip, position: {$lt: p}}} (the seat map's guarded summary update) scanned the whole
 * collection instead, and JobRunr's jobs grow by one per hold.
 */
final class IdLookup {

    private IdLookup() {
    }

    /** The positions of the one document {@code query} names by {@code _id}, or {@code null} to leave it to the server. */
    static <P> Iterable<P> positions(Document query, String idField, List<Index<P>> indexes) {
        if (query.size() < 2 || !query.containsKey(idField)) {
            return null;
        }
        Object id = query.get(idField);
        if (id instanceof Document condition && condition.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
            return null;
        }
        Document byId = new Document(idField, id);
        for (Index<P> index : indexes) {
            if (index.isUnique() && index.canHandle(byId)) {
                return index.getPositions(byId);
            }
        }
        return null;
    }
}
