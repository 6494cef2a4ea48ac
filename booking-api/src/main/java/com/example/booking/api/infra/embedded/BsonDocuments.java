package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;

/**
 * Keeps the H2 file's documents as BSON, in the file and in memory: the map's value is a document's
 * encoded bytes, and a reader decodes its own copy. H2's default, Java serialisation, built an
 * {@code ObjectInputStream} and resolved classes for every document read (a sixth of the service's CPU
 * under the on-sale benchmark). Holding decoded documents in H2's pages instead cost the garbage
 * collector: a page's documents (a map, its entries, strings and boxes, ~30 objects each) live until the
 * page is written and leaves the cache, a second or more, so each survived the young collections and was
 * copied into the old generation (the young pauses of an on-sale's first seconds took 20–55 ms, most of
 * the copied bytes being such documents). One array per document is one object to copy, a page read from
 * the file decodes nothing, and a page written encodes nothing. Documents written by the stock backend
 * are still read: H2's own tags never take the value of {@link #BSON}.
 */
final class BsonDocuments extends BasicDataType<byte[]> {

    /** The first byte of a BSON-stored document; H2's object type tags stop at 119. */
    static final byte BSON = 126;

    private static final byte[][] NONE = new byte[0][];

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int getMemory(byte[] bson) {
        return 16 + bson.length;
    }

    @Override
    public void write(WriteBuffer buffer, byte[] bson) {
        buffer.put(BSON).put(bson);
    }

    @Override
    public byte[] read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return encoded((Document) legacy.read(buffer));
        }
        buffer.get();
        int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] bson = new byte[length];
        buffer.get(bson);
        return bson;
    }

    @Override
    public byte[][] createStorage(int size) {
        return size == 0 ? NONE : new byte[size][];
    }

    /** The document as BSON, as it is kept. */
    static byte[] encoded(Document document) {
        ByteBuf encoded = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, encoded);
            byte[] bson = new byte[encoded.readableBytes()];
            encoded.readBytes(bson);
            return bson;
        } finally {
            encoded.release();
        }
    }

    /** A fresh document of its own for every reader: nothing a reader changes reaches the stored bytes. */
    static Document decoded(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /** A rough size in memory for H2's page cache, without encoding the document. */
    static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = 64;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 48 + 2 * String.valueOf(entry.getKey()).length() + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            int size = 32;
            for (Object element : values) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof CharSequence text) {
            return 40 + 2 * text.length();
        }
        return 24;
    }
}
