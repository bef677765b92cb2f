package dev.ferry.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Helpers for writing the length-prefixed strings that {@link WireReader} reads. */
final class WireWriter {

    private WireWriter() {
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks that a string fits the short length prefix. */
    static byte[] shortStringBytes(String value, String field) {
        byte[] bytes = utf8(value);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException(field + " is " + bytes.length + " bytes in UTF-8, more than " + Short.MAX_VALUE);
        }
        return bytes;
    }

    static void putShortString(ByteBuffer buffer, byte[] utf8) {
        buffer.putShort((short) utf8.length);
        buffer.put(utf8);
    }

    static void putIntString(ByteBuffer buffer, byte[] utf8) {
        buffer.putInt(utf8.length);
        buffer.put(utf8);
    }
}
