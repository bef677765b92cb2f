package dev.ferry.monitoring;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link ClusterIdLookup} through a short-lived admin client's describeCluster, bounded by {@code timeoutMs} so
 * that a REST request waiting on it never hangs on an unreachable cluster.
 */
final class AdminClusterIdLookup implements ClusterIdLookup {

    private final long timeoutMs;
    private final String clientId;

    AdminClusterIdLookup(long timeoutMs, String clientId) {
        this.timeoutMs = timeoutMs;
        this.clientId = clientId;
    }

    @Override
    public String clusterId(Map<String, Object> clientSettings) throws Exception {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        // Every timeout of the client within the bound, so the admin gives up rather than retrying past it.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeoutMs);
        Admin admin = Admin.create(props);
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                .clusterId().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } finally {
            // Nothing is pending worth waiting for: the answer is in or the bound has passed.
            admin.close(Duration.ZERO);
        }
    }
}
