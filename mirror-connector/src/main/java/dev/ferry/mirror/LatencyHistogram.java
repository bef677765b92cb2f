package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;

import java.util.Arrays;

/**
 * Replication latencies of one partition since the last {@link #reset}, in fixed logarithmic buckets:
 * constant memory (1.2 KB) and a few arithmetic operations per record, whatever the traffic.
 *
 * <p><b>Precision</b>: values below 8 ms have a bucket each (exact). Above, every power of two is split
 * into 8 equal buckets, and a percentile is reported as the upper end of its bucket, capped at the exact
 * maximum: a reported percentile is never below the true one and at most 12.5% above it. Values are
 * capped at 2^40 ms (about 35 years); the maximum is exact. Not thread-safe: the owner synchronizes.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAX_EXPONENT = 40;
    static final long MAX_TRACKED_MS = (1L << MAX_EXPONENT) - 1;
    // exact buckets 0..7, then 8 per power of two from 2^3 up to 2^39
    private static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final int[] counts = new int[BUCKETS];
    private long count;
    private long sum;
    private long max = -1;

    void record(long latencyMs) {
        if (latencyMs < 0) {
            return;
        }
        long capped = Math.min(latencyMs, MAX_TRACKED_MS);
        counts[bucketOf(capped)]++;
        count++;
        sum += capped;
        if (latencyMs > max) {
            max = latencyMs;
        }
    }

    long count() {
        return count;
    }

    /** The mean of the values recorded since the last reset (values capped at {@link #MAX_TRACKED_MS}), NaN if none. */
    double mean() {
        return count == 0 ? Double.NaN : (double) sum / count;
    }

    /** The largest value recorded since the last reset, or -1 if none. */
    long max() {
        return max;
    }

    /** The percentiles of the values recorded since the last reset. */
    PartitionProgress.Latency summary() {
        if (count == 0) {
            return PartitionProgress.Latency.NONE;
        }
        return new PartitionProgress.Latency(count, percentile(0.50), percentile(0.99), percentile(0.999), max);
    }

    /** The percentiles of the values recorded since the last reset, then starts over. */
    PartitionProgress.Latency drain() {
        PartitionProgress.Latency latency = summary();
        reset();
        return latency;
    }

    void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        sum = 0;
        max = -1;
    }

    /** Adds this histogram's values to {@code total} (per-partition windows merged into the task's). */
    void addTo(LatencyHistogram total) {
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            total.counts[bucket] += counts[bucket];
        }
        total.count += count;
        total.sum += sum;
        total.max = Math.max(total.max, max);
    }

    private long percentile(double quantile) {
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return Math.min(upperBound(bucket), max);
            }
        }
        return max;
    }

    static int bucketOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BUCKET_BITS
        int subBucket = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return SUB_BUCKETS + (exponent - SUB_BUCKET_BITS) * SUB_BUCKETS + subBucket;
    }

    /** The largest value that falls in {@code bucket}. */
    static long upperBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int exponent = (bucket - SUB_BUCKETS) / SUB_BUCKETS + SUB_BUCKET_BITS;
        int subBucket = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BUCKET_BITS);
        return (1L << exponent) + (subBucket + 1) * width - 1;
    }
}
