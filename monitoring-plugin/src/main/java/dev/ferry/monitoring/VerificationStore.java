package dev.ferry.monitoring;

import dev.ferry.common.wire.VerificationResult;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest continuous-verification result of each checkpoint connector and source topic, as read by
 * {@link ProgressFeed} from the connectors' verification topics. Filled by the feed's thread, read by request threads.
 */
final class VerificationStore {

    private record Key(String connector, String topic) {
    }

    private final Map<Key, VerificationResult> latest = new HashMap<>();

    synchronized void put(VerificationResult result) {
        latest.put(new Key(result.connector(), result.topic()), result);
    }

    synchronized List<VerificationResult> snapshot() {
        return List.copyOf(latest.values());
    }
}
