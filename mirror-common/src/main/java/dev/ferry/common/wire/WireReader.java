package dev.ferry.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads from a serialized key or value. Every failure becomes a
 * {@link WireFormatException} naming the record part and field, never a {@code BufferUnderflowException}.
 */
final class WireReader {

    private final String what;
    private final ByteBuffer buffer;

    private WireReader(String what, byte[] bytes) {
        this.what = what;
        this.buffer = ByteBuffer.wrap(bytes);
    }

    /**
     * Starts reading {@code bytes} and checks its leading version short.
     *
     * @param what names the record part in messages, e.g. "offset sync value"
     */
    static WireReader open(String what, byte[] bytes, short supportedVersion) {
        if (bytes == null) {
            throw new WireFormatException(what + " is null");
        }
        WireReader reader = new WireReader(what, bytes);
        short version = reader.readShort("version");
        if (version > supportedVersion) {
            throw new WireFormatException(what + " has format version " + version + ", newer than version " + supportedVersion
                + ", the newest this Ferry release reads: upgrade Ferry to read it (unless the record was not written by Ferry)");
        }
        if (version < 1) {
            throw new WireFormatException(what + " has format version " + version
                + ", which Ferry never writes: the record is corrupt or was written by another tool");
        }
        return reader;
    }

    WireFormatException error(String problem) {
        return new WireFormatException(what + ": " + problem);
    }

    private void need(int bytes, String field) {
        if (buffer.remaining() < bytes) {
            throw error("truncated at byte " + buffer.position() + ", " + bytes + " byte(s) needed for '" + field + "' but "
                + buffer.remaining() + " left");
        }
    }

    short readShort(String field) {
        need(Short.BYTES, field);
        return buffer.getShort();
    }

    int readInt(String field) {
        need(Integer.BYTES, field);
        return buffer.getInt();
    }

    long readLong(String field) {
        need(Long.BYTES, field);
        return buffer.getLong();
    }

    /** Bytes not read yet (fields appended by a later release, or none). */
    int remaining() {
        return buffer.remaining();
    }

    byte readByte(String field) {
        need(Byte.BYTES, field);
        return buffer.get();
    }

    /** A string preceded by its UTF-8 length as a short. */
    String readShortString(String field) {
        return readUtf8(readShort(field + " length"), field);
    }

    /** A string preceded by its UTF-8 length as an int. */
    String readIntString(String field) {
        return readUtf8(readInt(field + " length"), field);
    }

    private String readUtf8(int length, String field) {
        if (length < 0) {
            throw error("'" + field + "' has negative length " + length);
        }
        need(length, field);
        ByteBuffer slice = buffer.slice();
        slice.limit(length);
        buffer.position(buffer.position() + length);
        try {
            // Strict decoding: bytes that are not UTF-8 mean a foreign record, not a name to mangle.
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw error("'" + field + "' is not valid UTF-8");
        }
    }
}
