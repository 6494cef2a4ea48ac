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
import java.util.function.Function;

/**
 * Stores the H2 file's documents as BSON instead of H2's default, Java serialisation: every read of a
 * document built an {@code ObjectInputStream} and resolved its classes (a sixth of the service's CPU
 * under the on-sale benchmark went to reading and writing documents). Documents written by the stock
 * backend are still read: H2's own tags never take the value of {@link #BSON}.
 */
final class BsonDocuments extends BasicDataType<Document> {

    /** The first byte of a BSON-stored document; H2's object type tags stop at 119. */
    static final byte BSON = 126;

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int getMemory(Document document) {
        return estimate(document);
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        encoded(document, bson -> buffer.put(BSON).put(bson.nioBuffer()));
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) legacy.read(buffer);
        }
        buffer.get();
        int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteBuffer bson = buffer.slice();
        bson.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    /** The document's size encoded as BSON, as MongoDB counts a collection's data size. */
    static int size(Document document) {
        return encoded(document, ByteBuf::readableBytes);
    }

    private static <T> T encoded(Document document, Function<ByteBuf, T> use) {
        ByteBuf encoded = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, encoded);
            return use.apply(encoded);
        } finally {
            encoded.release();
        }
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
