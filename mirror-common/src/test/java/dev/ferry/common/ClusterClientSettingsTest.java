package dev.ferry.common;

import dev.ferry.common.ClusterClientSettings.Client;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterClientSettingsTest {

    private final ClusterClientSettings source = new ClusterClientSettings("source");

    @Test
    void sharedSettingsReachEveryClientAndOwnSettingsWin() {
        Map<String, String> props = Map.of(
            "source.cluster.bootstrap.servers", "a:9092",
            "source.cluster.security.protocol", "SSL",
            "source.consumer.security.protocol", "SASL_SSL",
            "source.consumer.fetch.min.bytes", "1024",
            "source.admin.request.timeout.ms", "5000",
            "target.cluster.security.protocol", "PLAINTEXT");

        Map<String, Object> consumer = source.forClient(props, Client.CONSUMER);
        assertEquals(Map.of("bootstrap.servers", "a:9092", "security.protocol", "SASL_SSL", "fetch.min.bytes", "1024"), consumer);

        Map<String, Object> admin = source.forClient(props, Client.ADMIN);
        assertEquals(Map.of("bootstrap.servers", "a:9092", "security.protocol", "SSL", "request.timeout.ms", "5000"), admin);
    }

    @Test
    void keysNoClientWouldUseAreReportedWithTheRightPrefix() {
        Map<String, String> props = Map.of(
            "source.cluster.alias", "east",
            "source.cluster.isolation.level", "read_uncommitted",
            "source.consumer.no.such.setting", "x",
            "source.cluster.ssl.truststore.location", "/tmp/ts.jks");

        Map<String, String> problems = source.problems(props, Set.of("source.cluster.alias"));

        assertEquals(Set.of("source.cluster.isolation.level", "source.consumer.no.such.setting"), problems.keySet());
        assertTrue(problems.get("source.cluster.isolation.level").contains("source.consumer.isolation.level"),
            problems.get("source.cluster.isolation.level"));
        assertTrue(problems.get("source.consumer.no.such.setting").contains("would be ignored"));
    }

    @Test
    void credentialKeysAreKnownAsPasswords() {
        assertTrue(ClusterClientSettings.PASSWORD_KEYS.containsAll(
            Set.of("sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password", "ssl.key.password")));
        assertFalse(ClusterClientSettings.PASSWORD_KEYS.contains("bootstrap.servers"));
        assertFalse(ClusterClientSettings.SHARED_KEYS.contains("client.id"));
    }
}
