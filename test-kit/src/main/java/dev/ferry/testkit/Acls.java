package dev.ferry.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * ACL bindings that allow one SASL user something, from any host, for
 * {@link FerryClusters#grantSource(java.util.Collection)} and {@link FerryClusters#revokeSource(java.util.Collection)}.
 *
 * <pre>{@code
 * clusters.grantSource(Acls.allowTopic("ferry", "orders", AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS));
 * clusters.grantSource(Acls.allowTopicPrefix("writer", "west.", AclOperation.WRITE));
 * }</pre>
 */
public final class Acls {

    private Acls() {
    }

    /** @return {@code User:<user>}, the principal a SASL/PLAIN login gets */
    public static String principal(String user) {
        return "User:" + Objects.requireNonNull(user, "user");
    }

    /** @return one binding per operation on the literal topic {@code topic} */
    public static List<AclBinding> allowTopic(String user, String topic, AclOperation... operations) {
        return allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operations);
    }

    /** @return one binding per operation on every topic whose name starts with {@code prefix} */
    public static List<AclBinding> allowTopicPrefix(String user, String prefix, AclOperation... operations) {
        return allow(user, new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED), operations);
    }

    /** @return one binding per operation on the literal consumer group {@code group} */
    public static List<AclBinding> allowGroup(String user, String group, AclOperation... operations) {
        return allow(user, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), operations);
    }

    /** @return one binding per operation on the cluster resource (e.g. CREATE to create any topic) */
    public static List<AclBinding> allowCluster(String user, AclOperation... operations) {
        return allow(user, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), operations);
    }

    /** @return one ALLOW binding per operation on {@code pattern}, for {@code user} from any host */
    public static List<AclBinding> allow(String user, ResourcePattern pattern, AclOperation... operations) {
        if (operations.length == 0) {
            throw new IllegalArgumentException("name at least one operation");
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(pattern,
                new AccessControlEntry(principal(user), "*", operation, AclPermissionType.ALLOW)));
        }
        return List.copyOf(bindings);
    }
}
