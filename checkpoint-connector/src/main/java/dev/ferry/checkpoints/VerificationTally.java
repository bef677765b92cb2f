package dev.ferry.checkpoints;

import dev.ferry.common.wire.VerificationResult;

/**
 * What verification found so far for one source topic: plain counters, updated on the task thread, read by the
 * metrics (hence volatile) and turned into the {@link VerificationResult} the task publishes.
 */
final class VerificationTally {

    private final String topic;
    private final String remoteTopic;
    private volatile long samplesChecked;
    private volatile long mismatches;
    private volatile VerificationResult.Mismatch lastMismatch;

    VerificationTally(String topic, String remoteTopic) {
        this.topic = topic;
        this.remoteTopic = remoteTopic;
    }

    void match() {
        samplesChecked++;
    }

    void mismatch(VerificationResult.Mismatch mismatch) {
        samplesChecked++;
        mismatches++;
        lastMismatch = mismatch;
    }

    String topic() {
        return topic;
    }

    String remoteTopic() {
        return remoteTopic;
    }

    long samplesChecked() {
        return samplesChecked;
    }

    long mismatches() {
        return mismatches;
    }

    VerificationResult result(String connector, String sourceAlias, String targetAlias, long startedAtMs, long nowMs) {
        return new VerificationResult(connector, topic, sourceAlias, targetAlias, remoteTopic, nowMs, startedAtMs, samplesChecked,
            mismatches, lastMismatch);
    }
}
