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
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

import java.util.ArrayList;
import java.util.List;

/** The wire server's in-memory backend, with {@link OrderedIndex ordered secondary indexes}. */
public final class IndexedMemoryBackend extends MemoryBackend {

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
     * half an update. Answers are therefore copies, taken under the lock; the backend's own reads for
     * updates and deletes still work on the stored documents, as they must.
     */
    private static final class Collection extends MemoryCollection {

        private final IndexedFind<Integer> indexedFind = new IndexedFind<>(this, this::getDocument,
                this::documentMatchesQuery, this::getIndexes, cursorRegistry, null, Document::cloneDeeply);

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
            return new QueryResult(copies(stored), stored.getCursorId());
        }

        // only a find's answer has a cursor: the backend's own reads ask for every match at once
        @Override
        protected Cursor createCursor(List<Document> remainingDocuments) {
            return super.createCursor(copies(remainingDocuments));
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            Document answer = super.findAndModify(query);
            if (answer.get("value") instanceof Document value) {
                answer.put("value", value.cloneDeeply());
            }
            return answer;
        }

        private static List<Document> copies(Iterable<Document> documents) {
            List<Document> copies = new ArrayList<>();
            documents.forEach(document -> copies.add(document.cloneDeeply()));
            return copies;
        }
    }
}
