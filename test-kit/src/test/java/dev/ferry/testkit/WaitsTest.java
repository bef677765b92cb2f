package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger attempts = new AtomicInteger();

        Waits.until("third attempt", Duration.ofSeconds(5), () -> attempts.incrementAndGet() >= 3);

        assertEquals(3, attempts.get());
    }

    @Test
    void exceptionsMeanNotYet() {
        AtomicInteger attempts = new AtomicInteger();

        String value = Waits.untilValue("a value", Duration.ofSeconds(5), () -> {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("not yet");
            }
            return "ready";
        }, "ready"::equals);

        assertEquals("ready", value);
        assertEquals(2, attempts.get());
    }

    @Test
    void timeoutNamesWhatAndTheLastErrorAndState() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException lastError = new IllegalStateException("leader not available");

        AssertionError error = assertThrows(AssertionError.class, () -> Waits.untilValue("partition 0 to have a leader",
                Duration.ofMillis(350), () -> {
                    if (attempts.incrementAndGet() % 2 == 0) {
                        throw lastError;
                    }
                    return "state#" + attempts.get();
                }, s -> false));

        String message = error.getMessage();
        assertTrue(message.startsWith("Timed out after 350 ms"), message);
        assertTrue(message.contains("waiting for: partition 0 to have a leader"), message);
        assertTrue(message.contains("last state: state#"), message);
        assertTrue(message.contains("last error: java.lang.IllegalStateException: leader not available"), message);
        assertSame(lastError, error.getCause());
        assertTrue(attempts.get() >= 3 && attempts.get() <= 6, "polled every 100 ms, got " + attempts.get());
    }

    @Test
    void errorsPropagateWithoutRetrying() {
        AtomicInteger attempts = new AtomicInteger();

        AssertionError error = assertThrows(AssertionError.class, () -> Waits.until("never", Duration.ofSeconds(5),
                () -> {
                    attempts.incrementAndGet();
                    throw new AssertionError("task FAILED");
                }));

        assertEquals("task FAILED", error.getMessage());
        assertEquals(1, attempts.get());
    }
}
