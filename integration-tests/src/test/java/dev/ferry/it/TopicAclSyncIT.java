package dev.ferry.it;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Opt-in ACL sync: readers' permissions follow topics to the target, writers' never do. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicAclSyncIT {

    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private FerryClusters clusters;

    @BeforeAll
    void startClusters() {
        // An authorizer on both clusters; the plaintext test clients (ANONYMOUS) are super users.
        clusters = FerryClusters.builder().workers(1)
            .sourceBrokerProp("authorizer.class.name", AUTHORIZER).sourceBrokerProp("super.users", "User:ANONYMOUS")
            .targetBrokerProp("authorizer.class.name", AUTHORIZER).targetBrokerProp("super.users", "User:ANONYMOUS")
            .build();
        clusters.start();
    }

    @AfterAll
    void stopClusters() {
        if (clusters != null) {
            clusters.close();
        }
    }

    private static AclBinding topicAcl(String topic, String principal, AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
            new AccessControlEntry(principal, "*", operation, permission));
    }

    @Test
    void readAndDescribeBindingsAreCopiedToRemoteTopicsButWriteNever() throws Exception {
        clusters.createSourceTopic("accounts", 1, Map.of());
        try (Admin source = clusters.source().createAdminClient()) {
            source.createAcls(List.of(
                topicAcl("accounts", "User:alice", AclOperation.READ, AclPermissionType.ALLOW),
                topicAcl("accounts", "User:bob", AclOperation.ALL, AclPermissionType.ALLOW),
                topicAcl("accounts", "User:carol", AclOperation.WRITE, AclPermissionType.ALLOW),
                topicAcl("accounts", "User:mallory", AclOperation.READ, AclPermissionType.DENY))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "accounts", 1);
        config.put("sync.topic.acls.enabled", "true");
        config.put("sync.topic.acls.interval.ms", "1000");
        clusters.connect().configureConnector("acls", config);
        clusters.awaitConnectorRunning("acls", 1, Duration.ofSeconds(60));

        Set<AclBinding> expected = Set.of(
            topicAcl("east.accounts", "User:alice", AclOperation.READ, AclPermissionType.ALLOW),
            topicAcl("east.accounts", "User:bob", AclOperation.READ, AclPermissionType.ALLOW),
            topicAcl("east.accounts", "User:bob", AclOperation.DESCRIBE, AclPermissionType.ALLOW),
            topicAcl("east.accounts", "User:mallory", AclOperation.READ, AclPermissionType.DENY));
        try (Admin target = clusters.target().createAdminClient()) {
            AclBindingFilter remote = new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.TOPIC, "east.accounts", PatternType.LITERAL), AccessControlEntryFilter.ANY);
            Set<AclBinding> synced = Waits.untilValue("ACLs on east.accounts", Duration.ofSeconds(30),
                () -> new HashSet<>(target.describeAcls(remote).values().get(10, TimeUnit.SECONDS)),
                acls -> acls.size() >= expected.size());
            assertEquals(expected, synced);
        }
        clusters.connect().deleteConnector("acls");
    }
}
