package dev.ferry.common.wire;

/**
 * A record read from one of Ferry's internal topics is not in a format this version understands:
 * it is truncated, corrupt, written by another tool, or written in a newer major version.
 *
 * <p>The message names the record type, the field and what is wrong, so a skipped record can be
 * logged usefully. Readers of internal topics count and skip such records; they never guess.
 */
public class WireFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
