package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

import java.util.ArrayList;
import java.util.List;

/** The wire server's in-memory backend, with {@link OrderedIndex ordered secondary indexes}. */
public final class IndexedMemoryBackend extends MemoryBackend {

    /** Whether this thread is answering a client's {@code find} or {@code getMore}. */
    private static final ThreadLocal<Boolean> ANSWERING = ThreadLocal.withInitial(() -> false);

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!command.equalsIgnoreCase("find") && !command.equalsIgnoreCase("getMore")) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        ANSWERING.set(true);
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            ANSWERING.set(false);
        }
    }

    /** The document as a client's answer holds it: a copy, where it is answering one. */
    private static Document answer(Document document) {
        return ANSWERING.get() ? document.cloneDeeply() : document;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {

        Database(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, cursorRegistry);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
            return new OrderedIndex<>(indexName, keys);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                   boolean sparse) {
            OrderedIndex.addTwin(resolveOrCreateCollection(collectionName), indexName, keys);
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(MongoCollection<Integer> collection, String indexName) {
            super.dropIndex(collection, indexName);
            OrderedIndex.dropTwin(collection, indexName);
        }
    }

    /**
     * Updates change the stored documents in place, and the wire server encodes an answer after the
     * collection's lock is released: a find answered with a stored document that an update changed while
     * it was encoded broke the client's connection ({@code ConcurrentModificationException}), or showed
     * half an update. The documents a {@code find} or {@code getMore} answers with are therefore copies,
     * taken under the lock. The backend's own reads go through the same query path to find what they
     * update or delete, and must get the stored documents themselves: only the two answering commands copy.
     */
    private static final class Collection extends MemoryCollection {

        private final IndexedFind<Integer> indexedFind = new IndexedFind<>(this, this::getDocument,
                this::documentMatchesQuery, this::getIndexes, cursorRegistry, null, IndexedMemoryBackend::answer);

        Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                   CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Iterable<Integer> named = IdLookup.positions(query, getIdField(), getIndexes());
            return named != null
                    ? matchDocuments(query, named, orderBy, numberToSkip, limit, batchSize, fieldSelector)
                    : super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult result = indexedFind.find(parameters);
            if (result != null) {
                return result;
            }
            QueryResult stored = super.handleQuery(parameters);
            return ANSWERING.get() ? new QueryResult(answers(stored), stored.getCursorId()) : stored;
        }

        @Override
        protected Cursor createCursor(List<Document> remainingDocuments) {
            return super.createCursor(answers(remainingDocuments));
        }

        // only the findAndModify command calls this, and its answer holds the stored document when it asks for the new one
        @Override
        public synchronized Document findAndModify(Document query) {
            Document answer = super.findAndModify(query);
            if (answer.get("value") instanceof Document value) {
                answer.put("value", value.cloneDeeply());
            }
            return answer;
        }

        private static List<Document> answers(Iterable<Document> documents) {
            List<Document> answers = new ArrayList<>();
            documents.forEach(document -> answers.add(answer(document)));
            return answers;
        }
    }
}
