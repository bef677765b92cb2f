package dev.ferry.quickstart;

/** A reason the quickstart cannot go on, worded for the person who ran it (printed without a stack trace). */
final class QuickstartFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    QuickstartFailure(String message) {
        super(message);
    }

    QuickstartFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
