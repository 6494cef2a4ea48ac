package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The wire server's H2 (MVStore file) backend, with {@link OrderedIndex ordered secondary indexes},
 * {@link UniqueKeys unique indexes that compare keys cheaply} and documents {@link BsonDocuments stored as BSON}. The ordered indexes live in memory and are
 * rebuilt from the stored documents when the file is opened.
 */
public final class IndexedH2Backend extends H2Backend {

    // the names H2Database gives a collection's maps; they are not public there
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    /** H2's own default page cache. */
    private static final int DEFAULT_CACHE_MB = 16;

    public IndexedH2Backend(String fileName) {
        this(fileName, DEFAULT_CACHE_MB);
    }

    /**
     * @param fileName the MVStore file
     * @param cacheMb  H2's page cache in MB; a page that left it is read from the file and decoded again
     */
    public IndexedH2Backend(String fileName, int cacheMb) {
        super(new MVStore.Builder().fileName(fileName).cacheSize(cacheMb).open());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * An inner class on purpose: H2Database opens its collections from its constructor, before a field of
     * a subclass could be set, and the store is reached through the enclosing backend instead.
     */
    private final class Database extends H2Database {

        Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> dataMap = getMvStore().openMap(DATA_PREFIX + fullName,
                    new MVMap.Builder<Object, Document>().valueType(new BsonDocuments()));
            MVMap<String, Object> metaMap = getMvStore().openMap(META_PREFIX + fullName);
            return new Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                           List<IndexKey> keys, boolean sparse) {
            return new OrderedIndex<>(indexName, keys);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                   boolean sparse) {
            OrderedIndex.addTwin(resolveOrCreateCollection(collectionName), indexName, keys);
            return UniqueKeys.open(getMvStore(), getFullCollectionNamespace(collectionName), indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            OrderedIndex.dropTwin(collection, indexName);
            getMvStore().removeMap(UniqueKeys.mapName(getFullCollectionNamespace(collection.getCollectionName()),
                    indexName));
        }
    }

    /**
     * Updates change the document they matched in place, and the document the map hands out is the very
     * object its page keeps until H2's background writer stores it: an update racing that writer broke the
     * write ({@code ConcurrentModificationException}) and H2 then closed the store. Updates therefore work
     * on copies, and a stored document is never changed after it was put; reads share it as before.
     */
    private static final class Collection extends H2Collection {

        private static final ThreadLocal<Boolean> CHANGING = ThreadLocal.withInitial(() -> false);

        private final ReadFieldValues<Object> readValues = new ReadFieldValues<>();
        private final IndexedFind<Object> indexedFind = new IndexedFind<>(this, this::getDocument,
                this::documentMatchesQuery, this::getIndexes, cursorRegistry, readValues, UnaryOperator.identity());

        Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                   MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Iterable<Object> named = IdLookup.positions(query, getIdField(), getIndexes());
            return copiedWhileChanging(named != null
                    ? matchDocuments(query, named, orderBy, numberToSkip, limit, batchSize, fieldSelector)
                    : super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector));
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult result = indexedFind.find(parameters);
            return copiedWhileChanging(result != null ? result : super.handleQuery(parameters));
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery,
                                                     ArrayFilters arrayFilters, boolean isMulti, boolean isUpsert,
                                                     Oplog oplog) {
            return changing(() -> super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
        }

        // every change of the stored documents passes one of these three
        @Override
        protected Object addDocumentInternal(Document document) {
            Object position = super.addDocumentInternal(document);
            readValues.forget(position);
            return position;
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            readValues.forget(position);
            super.handleUpdate(position, oldDocument, newDocument);
        }

        @Override
        protected void removeDocument(Object position) {
            readValues.forget(position);
            super.removeDocument(position);
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            return changing(() -> super.findAndModify(query));
        }

        /**
         * The wire server otherwise keeps a running total of the collection's BSON size: it encodes the
         * new document of every insert and the old and new one of every update, and H2 then puts the total
         * into the collection's meta map, a page write of its own. That was on every append and read-model
         * write for a figure only {@code collStats} and {@code validate} show; they now add it up when asked.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected synchronized int getDataSize() {
            try (Stream<DocumentWithPosition<Object>> all = streamAllDocumentsWithPosition()) {
                long size = all.mapToLong(stored -> BsonDocuments.size(stored.getDocument())).sum();
                return (int) Math.min(Integer.MAX_VALUE, size);
            }
        }

        private static <T> T changing(Supplier<T> change) {
            CHANGING.set(true);
            try {
                return change.get();
            } finally {
                CHANGING.set(false);
            }
        }

        private static QueryResult copiedWhileChanging(QueryResult result) {
            if (!CHANGING.get()) {
                return result;
            }
            List<Document> copies = new ArrayList<>();
            result.forEach(document -> copies.add(document.cloneDeeply()));
            return new QueryResult(copies, result.getCursorId());
        }
    }
}
