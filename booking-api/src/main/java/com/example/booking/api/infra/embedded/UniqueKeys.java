package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A unique index of the H2 backend whose keys compare by their values. The server's own
 * {@code H2UniqueIndex} keeps its keys in a map of H2's generic object type, which compares two keys it
 * does not know (the server's {@link KeyValue}) by Java-serialising both, on every step of every B-tree
 * search: under the steady benchmark that was a quarter of the whole service's CPU time, since every
 * appended event passes three unique indexes. Keys and positions are written to the file as BSON values
 * ({@link BsonValues}); the generic type wrote them with Java serialisation and read each back through an
 * {@code ObjectInputStream} of its own whenever a page left H2's cache, which the event store's indexes
 * (an entry per event, looked up at random) do all the time.
 */
final class UniqueKeys extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> keys;

    private UniqueKeys(MVMap<KeyValue, Object> keys, String name, List<IndexKey> fields, boolean sparse) {
        super(name, fields, sparse);
        this.keys = keys;
    }

    /**
     * Opens the index's map under a name of its own. Maps written before in another format are removed and
     * the index rebuilt from the documents instead (the collection does that for every index that opens
     * empty): the server's own, ordered by the serialised bytes, which this order does not match, and this
     * class's earlier one, whose keys were Java-serialised.
     */
    static UniqueKeys open(MVStore store, String collectionNamespace, String name, List<IndexKey> fields,
                           boolean sparse) {
        for (String earlier : List.of(serversMapName(collectionNamespace, name),
                javaSerialisedMapName(collectionNamespace, name))) {
            if (store.hasMap(earlier)) {
                store.removeMap(earlier);
            }
        }
        MVMap<KeyValue, Object> keys = store.openMap(mapName(collectionNamespace, name),
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE).valueType(PositionType.INSTANCE));
        return new UniqueKeys(keys, name, fields, sparse);
    }

    static String mapName(String collectionNamespace, String name) {
        return collectionNamespace + "._ukeys_" + name;
    }

    // the name H2Database gives its own index maps; it is private there
    private static String serversMapName(String collectionNamespace, String name) {
        return collectionNamespace + "._index_" + name;
    }

    // until session 16 the keys were written with H2's generic type
    static String javaSerialisedMapName(String collectionNamespace, String name) {
        return collectionNamespace + "._unique_" + name;
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

    /** Keys compare value by value in BSON order, as the server's queries do; stored as BSON values. */
    static final class KeyValueType extends BasicDataType<KeyValue> {

        static final KeyValueType INSTANCE = new KeyValueType();

        private static final Comparator<Object> VALUES = ValueComparator.asc();

        @Override
        public int compare(KeyValue left, KeyValue right) {
            int common = Math.min(left.size(), right.size());
            for (int i = 0; i < common; i++) {
                int order = VALUES.compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }

        @Override
        public int getMemory(KeyValue key) {
            int size = 48;
            for (Object value : key) {
                size += 8 + BsonDocuments.estimate(value);
            }
            return size;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            BsonValues.write(buffer, key.stream().toList());
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            return new KeyValue(BsonValues.read(buffer));
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }

    /** A key's position in the collection (its document's {@code _id}, or {@link Missing}), as a BSON value. */
    static final class PositionType extends BasicDataType<Object> {

        static final PositionType INSTANCE = new PositionType();

        @Override
        public int getMemory(Object position) {
            return BsonDocuments.estimate(position);
        }

        @Override
        public void write(WriteBuffer buffer, Object position) {
            BsonValues.write(buffer, List.of(position));
        }

        @Override
        public Object read(ByteBuffer buffer) {
            return BsonValues.read(buffer).get(0);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }
}
