package dev.ferry.testkit;

/**
 * A supplier that may throw a checked exception, so probes in {@link Waits} can call Kafka clients
 * (whose futures throw {@code ExecutionException}) without wrapping.
 *
 * @param <T> the supplied value
 */
@FunctionalInterface
public interface ThrowingSupplier<T> {

    /**
     * Produces a value, or throws if it cannot be produced yet.
     *
     * @return the value
     * @throws Exception any failure; {@link Waits} records it and tries again
     */
    T get() throws Exception;
}
