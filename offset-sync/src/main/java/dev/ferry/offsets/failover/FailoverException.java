package dev.ferry.offsets.failover;

/**
 * A failover step that cannot go ahead, with the reason a runbook can branch on ({@link Reason#exitCode()}
 * is the failover command's exit status).
 */
public class FailoverException extends Exception {

    /** Why the step stopped; each has a stable exit code. */
    public enum Reason {
        USAGE(2), UNKNOWN_GROUP(3), UNREACHABLE(4), NO_CHECKPOINTS(5), STALE_CHECKPOINTS(6), ACTIVE_MEMBERS(7);

        private final int exitCode;

        Reason(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Reason reason;

    public FailoverException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FailoverException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
