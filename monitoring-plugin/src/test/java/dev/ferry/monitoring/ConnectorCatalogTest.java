package dev.ferry.monitoring;

import dev.ferry.common.IdentityReplicationPolicy;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.health.ConnectorHealth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConnectorCatalogTest {

    private static final String SECRET = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"MARKER-SECRET\";";

    private static final Map<String, Map<String, String>> CONFIGS = Map.of(
        "mirror", Map.of("connector.class", "dev.ferry.mirror.MirrorSourceConnector", "source.cluster.alias", "east",
            "target.cluster.alias", "west", "source.cluster.sasl.jaas.config", SECRET),
        "mirror-own-topic", Map.of("connector.class", "MirrorSourceConnector", "source.cluster.alias", "north",
            "target.cluster.alias", "west", "progress.topic", "north-progress", "progress.interval.ms", "500"),
        "checkpoints", Map.of("connector.class", "dev.ferry.checkpoints.CheckpointConnector", "source.cluster.alias", "east",
            "target.cluster.alias", "west", "replication.policy.class", IdentityReplicationPolicy.class.getName()),
        "someone-else", Map.of("connector.class", "org.example.JdbcSourceConnector"),
        "no-aliases", Map.of("connector.class", "dev.ferry.mirror.MirrorSourceConnector"));

    private final List<String> lookups = new ArrayList<>();
    private final ConnectClusterState cluster = new ConnectClusterState() {
        @Override
        public Collection<String> connectors() {
            lookups.add("list");
            return List.of("mirror", "mirror-own-topic", "checkpoints", "someone-else", "no-aliases", "deleted-meanwhile");
        }

        @Override
        public ConnectorHealth connectorHealth(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> connectorConfig(String name) {
            Map<String, String> config = CONFIGS.get(name);
            if (config == null) {
                throw new org.apache.kafka.connect.errors.NotFoundException("Connector " + name + " not found");
            }
            return config;
        }
    };

    @Test
    void findsFerryConnectorsWithTheirTopicsAndNothingElse() {
        AtomicLong now = new AtomicLong(0);
        ConnectorCatalog catalog = new ConnectorCatalog(cluster, "ferry-progress.internal", 5000, 5000, now::get);
        List<FerryConnector> found = catalog.current();
        assertEquals(List.of("mirror", "mirror-own-topic", "checkpoints"), found.stream().map(FerryConnector::name).toList());
        assertEquals("ferry-progress.internal", found.get(0).topic());
        assertEquals("north-progress", found.get(1).topic());
        assertEquals(5000, found.get(0).reportIntervalMs());
        assertEquals(500, found.get(1).reportIntervalMs());
        assertEquals("ferry-checkpoints.east.internal", found.get(2).topic());
        assertEquals(FerryConnector.Kind.CHECKPOINT, found.get(2).kind());
        assertInstanceOf(IdentityReplicationPolicy.class, found.get(2).policy());
        assertEquals("orders", found.get(2).policy().remoteTopic("east", "orders"));
        assertFalse(found.toString().contains("MARKER-SECRET"), found.toString());
    }

    @Test
    void refreshesOnlyAfterTheInterval() {
        AtomicLong now = new AtomicLong(0);
        ConnectorCatalog catalog = new ConnectorCatalog(cluster, "ferry-progress.internal", 5000, 5000, now::get);
        catalog.current();
        now.set(4999);
        catalog.current();
        assertEquals(1, lookups.size());
        now.set(5000);
        catalog.current();
        assertEquals(2, lookups.size());
    }

    @Test
    void unknownPolicyLeavesRemoteNamesUnknown() {
        FerryConnector connector = ConnectorCatalog.describe("cp", Map.of("connector.class", "CheckpointConnector",
            "source.cluster.alias", "east", "target.cluster.alias", "west", "replication.policy.class", "org.example.Missing"),
            "ferry-progress.internal", 5000);
        assertNull(connector.policy());
    }
}
