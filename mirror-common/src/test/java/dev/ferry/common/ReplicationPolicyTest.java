package dev.ferry.common;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationPolicyTest {

    @Test
    void prefixPolicyNamesRemoteTopicsAfterTheSourceAlias() {
        PrefixReplicationPolicy policy = new PrefixReplicationPolicy();
        assertEquals("east.orders", policy.remoteTopic("east", "orders"));
        assertEquals("east", policy.sourceClusterOf("east.orders"));
        assertEquals("orders", policy.upstreamTopic("east.orders"));
        assertEquals("west", policy.sourceClusterOf("west.east.orders"));
        assertEquals("east.orders", policy.upstreamTopic("west.east.orders"));
        assertNull(policy.sourceClusterOf("orders"));
        assertTrue(policy.namesCarryLineage());
    }

    @Test
    void prefixPolicyUsesTheConfiguredSeparator() {
        PrefixReplicationPolicy policy = new PrefixReplicationPolicy();
        policy.configure(Map.of(ReplicationPolicy.SEPARATOR_CONFIG, "__"));
        assertEquals("east__orders.v1", policy.remoteTopic("east", "orders.v1"));
        assertEquals("east", policy.sourceClusterOf("east__orders.v1"));
        assertEquals("orders.v1", policy.upstreamTopic("east__orders.v1"));
        assertNull(policy.sourceClusterOf("orders.v1"));
    }

    @Test
    void prefixPolicyRejectsAnEmptySeparator() {
        PrefixReplicationPolicy policy = new PrefixReplicationPolicy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> policy.configure(Map.of(ReplicationPolicy.SEPARATOR_CONFIG, "")));
        assertTrue(e.getMessage().contains(ReplicationPolicy.SEPARATOR_CONFIG));
    }

    @Test
    void identityPolicyKeepsNamesAndCarriesNoLineage() {
        IdentityReplicationPolicy policy = new IdentityReplicationPolicy();
        assertEquals("orders", policy.remoteTopic("east", "orders"));
        assertNull(policy.sourceClusterOf("east.orders"));
        assertNull(policy.upstreamTopic("east.orders"));
        assertFalse(policy.namesCarryLineage());
    }
}
