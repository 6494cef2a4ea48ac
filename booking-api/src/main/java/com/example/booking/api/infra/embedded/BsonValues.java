package com.example.booking.api.infra.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of values in the H2 file: their count, then each as its BSON type byte and BSON value, the way
 * the wire encodes a document's fields without their names. {@link Missing} (a key's field that a
 * document does not have) is written as type 0, which BSON never gives a value.
 */
final class BsonValues {

    private static final byte MISSING = 0;

    private BsonValues() {
    }

    static void write(WriteBuffer buffer, List<?> values) {
        ByteBuf encoded = Unpooled.buffer(64);
        try {
            for (Object value : values) {
                if (value instanceof Missing) {
                    encoded.writeByte(MISSING);
                } else {
                    byte type = BsonEncoder.determineType(value);
                    encoded.writeByte(type);
                    BsonEncoder.encodeValue(type, value, encoded);
                }
            }
            buffer.putVarInt(values.size());
            buffer.put(encoded.nioBuffer());
        } finally {
            encoded.release();
        }
    }

    static List<Object> read(ByteBuffer buffer) {
        int count = DataUtils.readVarInt(buffer);
        ByteBuf encoded = Unpooled.wrappedBuffer(buffer.slice());
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte type = encoded.readByte();
            values.add(type == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(type, encoded));
        }
        buffer.position(buffer.position() + encoded.readerIndex());
        return values;
    }
}
