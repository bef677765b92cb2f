package dev.ferry.mirror;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells a task that a source broker has held its consumer's fetches back for longer than it should wait.
 * <p>
 * A broker answers a fetch that would exceed the client's {@code consumer_byte_rate} quota with an empty
 * response and a throttle time, mutes that connection for the throttle time, and the client does not send on
 * it either until the time is over. The time is not capped by the quota window: it grows with the bytes the
 * fetch would have returned divided by the quota, so a quota smaller than one record batch per quota window
 * yields throttles of minutes to hours. Raising or removing the quota does not shorten a throttle already
 * given, so without help the consumer sits out the rest of it. A consumer reopened after {@code boundMs}
 * has a fresh connection: it copies at once if the quota now allows it, or is throttled again (and nothing is
 * fetched past the quota) if it does not.
 */
final class FetchThrottleWatch {

    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String THROTTLE_TIME_MAX = "fetch-throttle-time-max";

    private final ConsumerMetric throttleTimeMax;
    private final LongSupplier clock;
    private final long boundMs;
    private long heldSinceMs = -1;

    FetchThrottleWatch(Supplier<Map<MetricName, ? extends Metric>> consumerMetrics, LongSupplier clock, long boundMs) {
        this.throttleTimeMax = new ConsumerMetric(consumerMetrics, GROUP, THROTTLE_TIME_MAX);
        this.clock = clock;
        this.boundMs = boundMs;
    }

    /**
     * Checks the longest fetch throttle the consumer was given recently.
     *
     * @return that throttle in ms once the consumer has been held back by a throttle longer than the bound for
     *     the bound's length; otherwise -1
     */
    long heldBackTooLongMs() {
        long throttleMs = throttleTimeMaxMs();
        if (throttleMs <= boundMs) {
            heldSinceMs = -1;
            return -1;
        }
        long now = clock.getAsLong();
        if (heldSinceMs < 0) {
            heldSinceMs = now;
        }
        return now - heldSinceMs >= boundMs ? throttleMs : -1;
    }

    private long throttleTimeMaxMs() {
        // NaN: not measurable (never reopen on a guess), or a window without throttled fetches
        double throttleMs = throttleTimeMax.value();
        return Double.isNaN(throttleMs) ? -1 : (long) throttleMs;
    }
}
