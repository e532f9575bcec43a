package dev.esim.events.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder that never believes a length the record cannot hold.
 *
 * <p>Avro allocates a string's, a byte array's or a collection's storage from the length the bytes announce, before
 * reading them. A 14-byte record announcing a 500 MB string therefore allocates 500 MB and then fails: a few such
 * records take a consumer down with {@link OutOfMemoryError}, and it fails again on the same record after a restart.
 * Here every announced length is checked against the size of the record being read, the one bound that is always
 * right: no string or byte array is longer than the record that carries it, and no collection in our schemas has
 * more items than the record has bytes (every item takes at least one byte). A record that lies fails with an
 * {@link AvroRuntimeException} that the deserializer turns into a {@code SerializationException}, which the
 * consumers' error handler dead-letters. Memory used is then at most twice the record's size.
 *
 * <p>Avro has limits of its own ({@code org.apache.avro.limits.*}), but they are JVM-wide system properties read
 * once, when Avro's {@code SystemLimitException} class loads, and a fixed number cannot follow the size of each
 * record; they stay available to operators as a second line.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;
    private final long limit;
    private long collectionItems;

    BoundedDecoder(BinaryDecoder in, long recordSize) {
        this.in = in;
        this.limit = recordSize;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        byte[] bytes = new byte[length("string")];
        in.readFixed(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old : ByteBuffer.allocate(length);
        result.clear();
        in.readFixed(result.array(), result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("bytes"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return items(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return items(in.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return items(in.skipArray());
    }

    @Override
    public long readMapStart() throws IOException {
        return items(in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return items(in.mapNext());
    }

    @Override
    public long skipMap() throws IOException {
        return items(in.skipMap());
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    /** Reads a string's or byte array's announced length and refuses one longer than the record. */
    private int length(String what) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > limit) {
            throw new AvroRuntimeException("A " + what + " announces " + length + " bytes in a record of " + limit
                    + " bytes");
        }
        return (int) length;
    }

    /** Counts a collection block's items and refuses more items, over the whole record, than it has bytes. */
    private long items(long blockItems) {
        collectionItems += blockItems;
        if (blockItems < 0 || collectionItems > limit) {
            throw new AvroRuntimeException("Collections announce " + collectionItems + " items in a record of "
                    + limit + " bytes");
        }
        return blockItems;
    }
}
