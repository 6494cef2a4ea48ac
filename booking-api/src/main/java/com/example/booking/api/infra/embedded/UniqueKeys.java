package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A unique index of the H2 backend whose keys compare by their values. The server's own
 * {@code H2UniqueIndex} keeps its keys in a map of H2's generic object type, which compares two keys it
 * does not know (the server's {@link KeyValue}) by Java-serialising both, on every step of every B-tree
 * search: under the steady benchmark that was a quarter of the whole service's CPU time, since every
 * appended event passes three unique indexes. The keys are still written to the file the generic way.
 */
final class UniqueKeys extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> keys;

    private UniqueKeys(MVMap<KeyValue, Object> keys, String name, List<IndexKey> fields, boolean sparse) {
        super(name, fields, sparse);
        this.keys = keys;
    }

    /**
     * Opens the index's map under a name of its own: a map the server's index wrote is ordered by the
     * serialised bytes, which this order does not match, so such a map is removed and the index rebuilt
     * from the documents instead (the collection does that for every index that opens empty).
     */
    static UniqueKeys open(MVStore store, String collectionNamespace, String name, List<IndexKey> fields,
                           boolean sparse) {
        String serversMap = serversMapName(collectionNamespace, name);
        if (store.hasMap(serversMap)) {
            store.removeMap(serversMap);
        }
        MVMap<KeyValue, Object> keys = store.openMap(mapName(collectionNamespace, name),
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
        return new UniqueKeys(keys, name, fields, sparse);
    }

    static String mapName(String collectionNamespace, String name) {
        return collectionNamespace + "._unique_" + name;
    }

    // the name H2Database gives its own index maps; it is private there
    private static String serversMapName(String collectionNamespace, String name) {
        return collectionNamespace + "._index_" + name;
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return keys.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return keys.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return keys.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return keys.get(keyValue);
    }

    @Override
    public long getCount() {
        return keys.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /** H2's generic type, but keys compare value by value in BSON order, as the server's queries do. */
    static final class KeyValueType extends ObjectDataType {

        static final KeyValueType INSTANCE = new KeyValueType();

        private static final Comparator<Object> VALUES = ValueComparator.asc();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int common = Math.min(left.size(), right.size());
                for (int i = 0; i < common; i++) {
                    int order = VALUES.compare(left.get(i), right.get(i));
                    if (order != 0) {
                        return order;
                    }
                }
                return Integer.compare(left.size(), right.size());
            }
            return super.compare(a, b);
        }
    }
}
