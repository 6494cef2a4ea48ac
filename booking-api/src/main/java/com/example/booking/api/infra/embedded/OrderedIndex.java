package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A non-unique secondary index for the embedded MongoDB-wire server, which otherwise ignores such
 * indexes and answers every query by scanning the whole collection. The event store is tailed with
 * {@code timestamp >= t} sorted by {@code (timestamp, sequenceNumber)} and aggregates are loaded with
 * {@code aggregateIdentifier = a, sequenceNumber >= n}: without an index both cost a scan of every event
 * ever stored, which is what limited throughput and made a rebuild of many events impractical.
 *
 * <p>Entries are kept sorted by the indexed values (BSON order), then by {@code _id}. The index only
 * narrows a query down to a range of entries; the collection still applies the whole query to each
 * document, so a wrong guess here can cost time but never change a result. Documents holding an array
 * in an indexed field would need one entry per element; the first such document switches the index off
 * for queries instead.
 *
 * <p>All writes happen under the collection's lock; the sorted set is a concurrent one so that a
 * streaming cursor can go on reading it between two {@code getMore}s.
 */
final class OrderedIndex<P> extends Index<P> {

    private static final Comparator<Object> BSON_ORDER = ValueComparator.asc();
    private static final Comparator<Object> VALUES = OrderedIndex::compareValues;
    private static final Comparator<Entry<?>> ORDER = OrderedIndex::compare;

    private final NavigableSet<Entry<P>> entries = new ConcurrentSkipListSet<>(ORDER);
    private final List<String> fields;
    private volatile boolean multiKey;

    OrderedIndex(String name, List<IndexKey> keys) {
        // "sparse" as far as the collection is concerned: documents without an _id are not indexed
        super(name, keys, true);
        this.fields = keys.stream().map(IndexKey::getKey).toList();
    }

    /**
     * Gives a compound unique index an ordered twin, not listed among the collection's indexes: the
     * server's unique indexes answer equality on all their fields only, the twin ranges and sorts on them,
     * such as reading an aggregate's events from a sequence number on.
     */
    static <P> void addTwin(MongoCollection<P> collection, String uniqueIndexName, List<IndexKey> keys) {
        if (keys.size() > 1) {
            collection.addIndex(new OrderedIndex<>(twinName(uniqueIndexName), keys));
        }
    }

    /** Drops the twin with its unique index: a dropped collection must hold no index at all. */
    static <P> void dropTwin(MongoCollection<P> collection, String uniqueIndexName) {
        String twin = twinName(uniqueIndexName);
        if (collection.getIndexes().stream().anyMatch(index -> index.getName().equals(twin))) {
            collection.dropIndex(twin);
        }
    }

    private static String twinName(String uniqueIndexName) {
        return uniqueIndexName + "$ordered";
    }

    List<String> fields() {
        return fields;
    }

    /**
     * The entries a query can be answered from, in index order, or {@code null} when the query does not
     * constrain the leading field (or the index is off).
     */
    Range<P> range(Document query) {
        if (multiKey) {
            return null;
        }
        Constraints constraints = Constraints.of(query, fields);
        if (constraints == null) {
            return null;
        }
        // bounds carry no position, so they are entries of any position type
        @SuppressWarnings("unchecked")
        Entry<P> lower = (Entry<P>) constraints.lower();
        @SuppressWarnings("unchecked")
        Entry<P> upper = (Entry<P>) constraints.upper();
        return new Range<>(entries.subSet(lower, true, upper, true), constraints.equalities());
    }

    /** All entries in index order, for sorting a query that does not constrain the indexed fields. */
    Range<P> all() {
        return multiKey ? null : new Range<>(entries, 0);
    }

    @Override
    public boolean canHandle(Document query) {
        return range(query) != null;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        Range<P> range = range(query);
        return () -> range.positions(false);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        Object id = document.get("_id");
        if (id == null) {
            return;
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Utils.getSubdocumentValue(document, fields.get(i));
            if (values[i] instanceof Collection<?>) {
                multiKey = true;
            }
        }
        entries.add(new Entry<>(values, id, position, 0));
    }

    @Override
    public P remove(Document document) {
        Entry<P> entry = find(document);
        if (entry == null) {
            return null;
        }
        entries.remove(entry);
        return entry.position();
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        // an update moves a document in some indexes and not in others (a seat's position changes, its row
        // does not): the values tell which, without a descent into the entries to find the old one
        Object oldId = oldDocument.get("_id");
        Object[] oldValues = valuesOf(oldDocument);
        if (oldId != null && Objects.equals(oldId, newDocument.get("_id"))
                && Arrays.equals(oldValues, valuesOf(newDocument), VALUES)) {
            return;
        }
        if (oldId != null) {
            entries.remove(new Entry<>(oldValues, oldId, null, 0));
        }
        add(newDocument, position, collection);
    }

    private Entry<P> find(Document document) {
        Object id = document.get("_id");
        if (id == null) {
            return null;
        }
        // entries sort by values, then _id: the document's own entry is found in one descent, not by walking
        // every entry that shares its values (all 10,000 seats of a trip share a position when it is scheduled)
        Entry<P> probe = new Entry<>(valuesOf(document), id, null, 0);
        Entry<P> found = entries.ceiling(probe);
        return found != null && compare(found, probe) == 0 ? found : null;
    }

    private Object[] valuesOf(Document document) {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Utils.getSubdocumentValue(document, fields.get(i));
        }
        return values;
    }

    @Override
    public P getPosition(Document document) {
        // positions are found through the _id index; answering here too would only repeat it
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public long getCount() {
        return entries.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void drop() {
        entries.clear();
    }

    /**
     * BSON order, taking the common cases first: two strings, or two integers of one type, compare as the
     * server's comparator would compare them (string by string, number by number), without its type
     * ranking and number normalising, which every step of a descent into the entries paid for.
     */
    private static int compareValues(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Integer x && b instanceof Integer y) {
            return Integer.compare(x, y);
        }
        return BSON_ORDER.compare(a, b);
    }

    /**
     * Orders by the indexed values, then by {@code _id}. A bound carries only the values it fixes and a
     * side: {@code -1} sorts before, {@code 1} after every entry that shares those values.
     */
    private static int compare(Entry<?> a, Entry<?> b) {
        int common = Math.min(a.values().length, b.values().length);
        for (int i = 0; i < common; i++) {
            int c = VALUES.compare(a.values()[i], b.values()[i]);
            if (c != 0) {
                return c;
            }
        }
        if (a.side() != 0 || b.side() != 0) {
            return Integer.compare(a.side(), b.side());
        }
        return VALUES.compare(a.id(), b.id());
    }

    record Entry<P>(Object[] values, Object id, P position, int side) {
    }

    /** The entries a query narrowed the index down to. */
    record Range<P>(NavigableSet<Entry<P>> entries, int equalities) {

        Iterator<P> positions(boolean descending) {
            return new Mapped<>(descending ? entries.descendingIterator() : entries.iterator(), Entry::position);
        }
    }

    /**
     * Bounds taken from the conditions of a query that are certain to hold for every match: equality on
     * leading fields, then at most one range on the next field. Anything else is left to the matcher.
     */
    private record Constraints(Entry<?> lower, Entry<?> upper, int equalities) {

        static Constraints of(Document query, List<String> fields) {
            Object[] prefix = new Object[fields.size()];
            int equalities = 0;
            while (equalities < fields.size()) {
                Object value = equality(query, fields.get(equalities));
                if (value == null) {
                    break;
                }
                prefix[equalities++] = value;
            }
            Object low = null;
            int lowSide = -1;
            Object high = null;
            int highSide = 1;
            if (equalities < fields.size()) {
                for (Document condition : conditions(query, fields.get(equalities))) {
                    for (var operator : condition.entrySet()) {
                        Object value = operator.getValue();
                        if (!comparable(value)) {
                            continue;
                        }
                        switch (operator.getKey()) {
                            case "$gte" -> { low = value; lowSide = -1; }
                            case "$gt" -> { low = value; lowSide = 1; }
                            case "$lte" -> { high = value; highSide = 1; }
                            case "$lt" -> { high = value; highSide = -1; }
                            default -> { }
                        }
                    }
                }
            }
            if (equalities == 0 && low == null && high == null) {
                return null;
            }
            Object[] lower = Arrays.copyOf(prefix, equalities + (low == null ? 0 : 1));
            Object[] upper = Arrays.copyOf(prefix, equalities + (high == null ? 0 : 1));
            if (low != null) {
                lower[equalities] = low;
            }
            if (high != null) {
                upper[equalities] = high;
            }
            return new Constraints(new Entry<>(lower, null, null, low == null ? -1 : lowSide),
                    new Entry<>(upper, null, null, high == null ? 1 : highSide), equalities);
        }

        /** The value a field must equal, from the query itself or any clause of a top-level {@code $and}. */
        private static Object equality(Document query, String field) {
            for (Document clause : clauses(query)) {
                if (!clause.containsKey(field)) {
                    continue;
                }
                Object value = clause.get(field);
                if (value instanceof Document condition) {
                    if (condition.size() == 1 && comparable(condition.get("$eq"))) {
                        return condition.get("$eq");
                    }
                } else if (comparable(value)) {
                    return value;
                }
            }
            return null;
        }

        private static List<Document> conditions(Document query, String field) {
            return clauses(query).stream()
                    .map(clause -> clause.get(field))
                    .filter(value -> value instanceof Document d && d.keySet().stream().allMatch(k -> k.startsWith("$")))
                    .map(Document.class::cast)
                    .toList();
        }

        private static List<Document> clauses(Document query) {
            List<Document> clauses = new ArrayList<>();
            clauses.add(query);
            if (query.get("$and") instanceof List<?> and) {
                for (Object clause : and) {
                    if (clause instanceof Document document) {
                        clauses.addAll(clauses(document));
                    }
                }
            }
            return clauses;
        }

        /** Scalars only: null, documents, arrays and patterns have matching rules an ordered range cannot follow. */
        private static boolean comparable(Object value) {
            return value instanceof Number || value instanceof String || value instanceof java.util.Date
                    || value instanceof java.time.Instant || value instanceof Boolean
                    || value instanceof java.util.UUID || value instanceof de.bwaldvogel.mongo.bson.ObjectId;
        }
    }
}
