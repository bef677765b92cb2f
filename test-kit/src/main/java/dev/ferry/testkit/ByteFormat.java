package dev.ferry.testkit;

import java.nio.charset.StandardCharsets;

/** Renders byte arrays for assertion messages: printable ASCII as text, anything else as hex. */
final class ByteFormat {

    private static final int MAX_SHOWN = 48;

    private ByteFormat() {
    }

    static String describe(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        int shown = Math.min(bytes.length, MAX_SHOWN);
        String suffix = bytes.length > shown ? "...(" + bytes.length + " bytes)" : "";
        if (isPrintable(bytes, shown)) {
            return '"' + new String(bytes, 0, shown, StandardCharsets.US_ASCII) + '"' + suffix;
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < shown; i++) {
            hex.append(hex(bytes[i]));
        }
        return hex + suffix;
    }

    static String hex(byte b) {
        return String.format("%02x", b & 0xff);
    }

    private static boolean isPrintable(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
