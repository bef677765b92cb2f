package dev.ferry.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Condition waits for tests: poll a probe every 100 ms until it is satisfied or the timeout passes.
 *
 * <p>This is the only place in the kit that pauses a thread. Guarantees:
 * <ul>
 *   <li>the probe is evaluated at least once, and never started after the deadline has passed;</li>
 *   <li>an {@link Exception} thrown by the probe counts as "not yet" and is retried; an {@link Error}
 *       (such as an {@link AssertionError} from a nested wait or a fail-fast check) propagates at once;</li>
 *   <li>on timeout an {@link AssertionError} is thrown whose message names what was awaited, the
 *       timeout, the number of attempts, the last value the probe returned and the last exception it
 *       threw (also set as the cause), so a failing test says what state it was stuck in.</li>
 * </ul>
 *
 * <p>There is deliberately no {@code BooleanSupplier} overload: with one, a lambda that throws a
 * checked exception would resolve to it and fail to compile.
 */
public final class Waits {

    /** How often a probe is evaluated. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    /** A yes/no probe that may throw; an exception means "not yet". */
    @FunctionalInterface
    public interface Condition {
        /**
         * @return true once the awaited state has been reached
         * @throws Exception any failure; treated as "not yet" and recorded for the timeout message
         */
        boolean met() throws Exception;
    }

    private Waits() {
    }

    /**
     * Waits until {@code condition} returns true.
     *
     * @param what    what is awaited, phrased so that "timed out waiting for: " + what reads well
     * @param timeout how long to keep trying
     * @param condition the probe
     * @throws AssertionError on timeout or interruption, naming {@code what} and the last exception seen
     */
    public static void until(String what, Duration timeout, Condition condition) {
        Objects.requireNonNull(condition, "condition");
        untilValue(what, timeout, condition::met, Boolean::booleanValue);
    }

    /**
     * Evaluates {@code probe} until {@code accept} holds for its value, and returns that value.
     *
     * @param what    what is awaited
     * @param timeout how long to keep trying
     * @param probe   produces the current state; may throw to mean "not yet"
     * @param accept  decides whether the state is the awaited one
     * @param <T>     the state's type; its {@code toString()} appears in the timeout message
     * @return the first accepted value
     * @throws AssertionError on timeout or interruption, naming {@code what}, the last value and the last exception
     */
    public static <T> T untilValue(String what, Duration timeout, ThrowingSupplier<T> probe,
                                   Predicate<? super T> accept) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(accept, "accept");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        T lastValue = null;
        boolean sawValue = false;
        Exception lastError = null;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                T value = probe.get();
                if (accept.test(value)) {
                    return value;
                }
                lastValue = value;
                sawValue = true;
            } catch (Exception e) {
                lastError = e;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timedOut(what, timeout, attempts, sawValue, lastValue, lastError);
            }
            LockSupport.parkNanos(Math.min(POLL_INTERVAL.toNanos(), remaining));
            if (Thread.interrupted()) {
                // keep the flag for the caller's own clean-up, and stop waiting
                Thread.currentThread().interrupt();
                AssertionError interrupted = new AssertionError("Interrupted while waiting for: " + what);
                if (lastError != null) {
                    interrupted.initCause(lastError);
                }
                throw interrupted;
            }
        }
    }

    private static AssertionError timedOut(String what, Duration timeout, int attempts, boolean sawValue,
                                           Object lastValue, Exception lastError) {
        StringBuilder message = new StringBuilder()
                .append("Timed out after ").append(describe(timeout))
                .append(" (").append(attempts).append(attempts == 1 ? " attempt" : " attempts")
                .append(") waiting for: ").append(what);
        if (sawValue) {
            message.append("; last state: ").append(lastValue);
        }
        if (lastError != null) {
            Throwable cause = unwrap(lastError);
            message.append("; last error: ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
        }
        if (!sawValue && lastError == null) {
            message.append("; the probe never returned");
        }
        AssertionError error = new AssertionError(message.toString());
        if (lastError != null) {
            error.initCause(lastError);
        }
        return error;
    }

    /** Kafka's futures wrap the interesting failure; show that one. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? TimeUnit.MILLISECONDS.toSeconds(millis) + " s" : millis + " ms";
    }
}
