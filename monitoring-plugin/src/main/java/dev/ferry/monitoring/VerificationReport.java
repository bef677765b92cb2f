package dev.ferry.monitoring;

import dev.ferry.common.wire.VerificationResult;
import dev.ferry.monitoring.ReplicationView.MismatchView;
import dev.ferry.monitoring.ReplicationView.VerificationView;

import java.util.Collection;
import java.util.List;

/**
 * Attaches continuous-verification results (published by checkpoint connectors) to the topics of the mirror
 * connectors they verify: same source and target alias, same source topic. When several checkpoint connectors
 * verify one flow, the most recently reported result is shown.
 *
 * <p>Health rule: a topic with a mismatch detected within the last {@link #MISMATCH_HOLD_MS} (10 minutes) is ERR,
 * whatever its lag: a copy that differs from its record, or is not where the offset syncs put it, means consumers
 * on the target read wrong data or would fail over to the wrong position.
 */
final class VerificationReport {

    static final long MISMATCH_HOLD_MS = 600_000L;

    private final List<VerificationResult> results;

    VerificationReport(Collection<VerificationResult> results) {
        this.results = List.copyOf(results);
    }

    /** The verification of {@code topic} in the flow {@code sourceAlias -> targetAlias}, or null when none is published. */
    VerificationView of(String sourceAlias, String targetAlias, String topic, long nowMs) {
        VerificationResult latest = null;
        for (VerificationResult result : results) {
            if (result.sourceAlias().equals(sourceAlias) && result.targetAlias().equals(targetAlias) && result.topic().equals(topic)
                && (latest == null || result.reportedAtMs() > latest.reportedAtMs())) {
                latest = result;
            }
        }
        if (latest == null) {
            return null;
        }
        VerificationResult.Mismatch last = latest.lastMismatch();
        MismatchView mismatch = last == null ? null : new MismatchView(last.partition(), last.sourceOffset(), latest.remoteTopic(),
            last.targetOffset(), last.fieldNames(), last.detectedAtMs(), Math.max(0, nowMs - last.detectedAtMs()));
        return new VerificationView(latest.connector(), latest.samplesChecked(), latest.mismatches(), mismatch,
            Math.max(0, nowMs - latest.reportedAtMs()));
    }

    /** Whether the verification makes its topic ERR now (see the class comment). */
    static boolean recentMismatch(VerificationView verification) {
        return verification != null && verification.lastMismatch() != null && verification.lastMismatch().ageMs() < MISMATCH_HOLD_MS;
    }
}
