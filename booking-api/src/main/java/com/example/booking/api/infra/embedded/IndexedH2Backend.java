package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Assert;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
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
            MVMap<Object, byte[]> dataMap = getMvStore().openMap(DATA_PREFIX + fullName,
                    new MVMap.Builder<Object, byte[]>().valueType(new BsonDocuments()));
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
     * H2's collection with its documents kept {@link BsonDocuments as BSON bytes}: every method of
     * {@link H2Collection} that touches a stored document is replaced here, so the inherited map field,
     * typed for decoded documents, is never read as such. Every read decodes a copy of its own, so an
     * update changing the document it matched, or an answer encoded after the collection's lock is
     * released, never touches what the store keeps (which once broke H2's background writer with a
     * {@code ConcurrentModificationException}, and then H2 closed the store).
     */
    private static final class Collection extends H2Collection {

        private final MVMap<Object, byte[]> documents;
        private final ReadFieldValues<Object> readValues = new ReadFieldValues<>();
        private final IndexedFind<Object> indexedFind = new IndexedFind<>(this, this::getDocument,
                this::documentMatchesQuery, this::getIndexes, cursorRegistry, readValues, UnaryOperator.identity());

        @SuppressWarnings({"unchecked", "rawtypes"})
        Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                   MVMap<Object, byte[]> documents, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, (MVMap) documents, metaMap, cursorRegistry);
            this.documents = documents;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Iterable<Object> named = IdLookup.positions(query, getIdField(), getIndexes());
            return named != null
                    ? matchDocuments(query, named, orderBy, numberToSkip, limit, batchSize, fieldSelector)
                    : super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            QueryResult result = indexedFind.find(parameters);
            return result != null ? result : super.handleQuery(parameters);
        }

        // every change of the stored documents passes one of these three
        @Override
        protected Object addDocumentInternal(Document document) {
            Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
            byte[] previous = documents.put(Missing.ofNullable(key), BsonDocuments.encoded(document));
            Assert.isNull(previous, () -> "Document with key '" + key + "' already existed in " + this);
            readValues.forget(key);
            return key;
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            readValues.forget(position);
            documents.put(Missing.ofNullable(position), BsonDocuments.encoded(newDocument));
        }

        @Override
        protected void removeDocument(Object position) {
            readValues.forget(position);
            if (documents.remove(position) == null) {
                throw new NoSuchElementException("No document with key " + position);
            }
        }

        @Override
        protected Document getDocument(Object position) {
            byte[] bson = documents.get(position);
            return bson == null ? null : BsonDocuments.decoded(bson);
        }

        @Override
        protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
            return documents.entrySet().stream()
                    .map(entry -> new DocumentWithPosition<>(BsonDocuments.decoded(entry.getValue()), entry.getKey()));
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Stream<Document> stream = isNaturalDescending(orderBy)
                    ? streamAllDocumentsWithPosition()
                            .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                            .map(DocumentWithPosition::getDocument)
                    : documents.values().stream().map(BsonDocuments::decoded);
            return matchDocumentsFromStream(stream, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
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
            if (documents == null) {
                // H2Collection's constructor asks, for a debug line, before this class has set its map
                return 0;
            }
            long size = 0;
            for (byte[] bson : documents.values()) {
                size += bson.length;
            }
            return (int) Math.min(Integer.MAX_VALUE, size);
        }
    }
}
