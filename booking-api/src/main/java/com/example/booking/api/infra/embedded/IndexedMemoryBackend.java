package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/** The wire server's in-memory backend, with {@link OrderedIndex ordered secondary indexes}. */
public final class IndexedMemoryBackend extends MemoryBackend {

    static final String ORDERED = "$ordered";

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

        /**
         * The server's compound unique indexes answer equality on all their fields only, so an ordered twin
         * (not listed among the collection's indexes) answers ranges and sorts on the same fields, such as
         * reading an aggregate's events from a sequence number on.
         */
        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                   boolean sparse) {
            if (keys.size() > 1) {
                resolveOrCreateCollection(collectionName)
                        .addIndex(new OrderedIndex<>(indexName + ORDERED, keys));
            }
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }

    private static final class Collection extends MemoryCollection implements IndexedFind.Source<Integer> {

        private final IndexedFind<Integer> indexedFind = new IndexedFind<>(this);

        Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                   CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult result = indexedFind.find(parameters);
            return result != null ? result : super.handleQuery(parameters);
        }

        @Override
        public Document document(Integer position) {
            return getDocument(position);
        }

        @Override
        public boolean matches(Document document, Document query) {
            return documentMatchesQuery(document, query);
        }

        @Override
        public List<Index<Integer>> indexes() {
            return getIndexes();
        }

        @Override
        public CursorRegistry cursors() {
            return cursorRegistry;
        }
    }
}
