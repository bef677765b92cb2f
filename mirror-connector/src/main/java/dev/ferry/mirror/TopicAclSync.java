package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateAclsOptions;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives remote topics the READ and DESCRIBE permissions their source topics have, so consumers that
 * fail over to the target cluster are allowed to read there.
 *
 * <p>Only literal topic bindings are copied; ALL becomes READ and DESCRIBE; WRITE and every other
 * operation are never copied (only the mirror writes to remote topics). Both ALLOW and DENY entries are
 * copied, so a principal denied at the source is not let in at the target. Bindings are only added,
 * never removed: an ACL an operator set on the target stays.
 */
final class TopicAclSync {

    private static final Logger log = LoggerFactory.getLogger(TopicAclSync.class);
    private static final AclBindingFilter SOURCE_TOPIC_ACLS = new AclBindingFilter(
        new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.LITERAL), AccessControlEntryFilter.ANY);

    private final Admin sourceAdmin;
    private final Admin targetAdmin;
    private final Duration callTimeout;

    TopicAclSync(Admin sourceAdmin, Admin targetAdmin, Duration callTimeout) {
        this.sourceAdmin = sourceAdmin;
        this.targetAdmin = targetAdmin;
        this.callTimeout = callTimeout;
    }

    /**
     * @return the bindings created on the target in this pass
     */
    List<AclBinding> sync(Collection<SourceTopic> topics) {
        Map<String, String> remoteBySource = new HashMap<>();
        topics.forEach(topic -> remoteBySource.put(topic.name(), topic.remoteName()));
        Collection<AclBinding> sourceBindings = KafkaCalls.await(
            sourceAdmin.describeAcls(SOURCE_TOPIC_ACLS, new DescribeAclsOptions().timeoutMs(timeoutMs())).values(),
            callTimeout, "describing topic ACLs of the source cluster");
        Set<AclBinding> wanted = new HashSet<>();
        for (AclBinding binding : sourceBindings) {
            String remote = remoteBySource.get(binding.pattern().name());
            if (remote == null) {
                continue;
            }
            for (AclOperation operation : readOperations(binding.entry().operation())) {
                AccessControlEntry entry = new AccessControlEntry(binding.entry().principal(), binding.entry().host(),
                    operation, binding.entry().permissionType());
                wanted.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, remote, PatternType.LITERAL), entry));
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        Collection<AclBinding> existing = KafkaCalls.await(targetAdmin.describeAcls(
                new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.LITERAL),
                    AccessControlEntryFilter.ANY), new DescribeAclsOptions().timeoutMs(timeoutMs())).values(),
            callTimeout, "describing topic ACLs of the target cluster");
        wanted.removeAll(existing);
        if (wanted.isEmpty()) {
            return List.of();
        }
        KafkaCalls.await(targetAdmin.createAcls(wanted, new CreateAclsOptions().timeoutMs(timeoutMs())).all(),
            callTimeout, "creating ACLs on remote topics");
        wanted.forEach(binding -> log.info("Synced ACL to remote topic {}: {} {} for {} from host {}", binding.pattern().name(),
            binding.entry().permissionType(), binding.entry().operation(), binding.entry().principal(), binding.entry().host()));
        return List.copyOf(wanted);
    }

    /** The operations a remote topic gets for a source binding's operation: readers' rights only. */
    static List<AclOperation> readOperations(AclOperation sourceOperation) {
        return switch (sourceOperation) {
            case READ -> List.of(AclOperation.READ);
            case DESCRIBE -> List.of(AclOperation.DESCRIBE);
            case ALL -> List.of(AclOperation.READ, AclOperation.DESCRIBE);
            default -> List.of();
        };
    }

    private int timeoutMs() {
        return (int) callTimeout.toMillis();
    }
}
