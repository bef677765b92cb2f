package dev.ferry.migration;

/** An mm2.properties file that cannot be converted as it is; the message names the key and why. */
final class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MigrationException(String message) {
        super(message);
    }
}
