package dev.ferry.it;

import dev.ferry.testkit.Acls;
import org.apache.kafka.common.acl.AclBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

/**
 * The least-privilege ACL set of {@code config-examples/acls/least-privilege.md}, for source alias {@code east},
 * target alias {@code west}, mirrored topics and consumer groups starting with {@value #PREFIX}, and the default
 * names of Ferry's internal topics. Three principals:
 * <ul>
 *   <li>{@value #EAST_FERRY} on the source: Ferry's mirror, checkpoint and heartbeat connectors;</li>
 *   <li>{@value #WEST_FERRY} on the target: the same connectors' own target clients ({@code target.cluster.*});</li>
 *   <li>{@value #WEST_CONNECT} on the target: the Connect worker, whose producer writes the copies and checkpoints
 *       and whose configuration the monitoring extension uses.</li>
 * </ul>
 */
final class LeastPrivilegeAcls {

    static final String EAST_FERRY = "ferry-east";
    static final String WEST_FERRY = "ferry-west";
    static final String WEST_CONNECT = "connect-west";
    static final String PREFIX = "sec-";
    static final String HEARTBEATS = "ferry-heartbeats";
    static final String REMOTE_PREFIX = "east.";
    static final String OFFSET_SYNCS = "ferry-offset-syncs.east.internal";
    static final String CHECKPOINTS = "ferry-checkpoints.east.internal";
    static final String PROGRESS = "ferry-progress.internal";
    static final String VERIFICATION = "ferry-verification.east.internal";

    private LeastPrivilegeAcls() {
    }

    /** On the source, for {@value #EAST_FERRY}. */
    static List<AclBinding> source() {
        List<AclBinding> acls = new ArrayList<>();
        // mirror: find, read and copy the settings of the mirrored topics
        acls.addAll(Acls.allowTopicPrefix(EAST_FERRY, PREFIX, DESCRIBE, READ, DESCRIBE_CONFIGS));
        // heartbeat connector: create and write the heartbeats topic; the mirror copies it like any topic
        acls.addAll(Acls.allowTopic(EAST_FERRY, HEARTBEATS, CREATE, WRITE, DESCRIBE, READ, DESCRIBE_CONFIGS));
        // checkpoint connector: see the groups and their committed offsets
        acls.addAll(Acls.allow(EAST_FERRY, group(PREFIX), DESCRIBE));
        return acls;
    }

    /** On the target, for {@value #WEST_FERRY}. */
    static List<AclBinding> target() {
        List<AclBinding> acls = new ArrayList<>();
        // mirror: create remote topics, add partitions, sync settings; checkpoint connector: list remote topics and
        // (continuous verification) read the copies of sampled records
        acls.addAll(Acls.allowTopicPrefix(WEST_FERRY, REMOTE_PREFIX, CREATE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALTER, READ));
        // mirror writes offset syncs, the checkpoint connector reads them
        acls.addAll(Acls.allowTopic(WEST_FERRY, OFFSET_SYNCS, CREATE, DESCRIBE, WRITE, READ));
        // mirror tasks publish progress
        acls.addAll(Acls.allowTopic(WEST_FERRY, PROGRESS, CREATE, DESCRIBE, WRITE));
        // checkpoint connector creates its topic and reads back its earlier checkpoints
        acls.addAll(Acls.allowTopic(WEST_FERRY, CHECKPOINTS, CREATE, DESCRIBE, READ));
        // checkpoint connector creates the verification topic
        acls.addAll(Acls.allowTopic(WEST_FERRY, VERIFICATION, CREATE, DESCRIBE));
        // no GROUP ACL on the target: only sync.group.offsets.enabled (off by default) touches groups there
        return acls;
    }

    /**
     * On the target, for {@value #WEST_CONNECT}: Connect's own needs (its internal topics and group, named in
     * {@code workerProps}), plus what Ferry's records and the monitoring extension need from the worker's principal.
     */
    static List<AclBinding> connectWorker(Map<String, String> workerProps) {
        List<AclBinding> acls = new ArrayList<>();
        for (String key : List.of("config.storage.topic", "offset.storage.topic", "status.storage.topic")) {
            acls.addAll(Acls.allowTopic(WEST_CONNECT, workerProps.get(key), CREATE, DESCRIBE, DESCRIBE_CONFIGS, READ, WRITE));
        }
        acls.addAll(Acls.allowGroup(WEST_CONNECT, workerProps.get("group.id"), READ));
        acls.addAll(connectWorkerForFerry());
        return acls;
    }

    /** The worker principal's ACLs that Ferry needs (beyond Connect's own). */
    static List<AclBinding> connectWorkerForFerry() {
        List<AclBinding> acls = new ArrayList<>();
        // the worker's producer writes the copies; monitoring reads their end offsets
        acls.addAll(Acls.allowTopicPrefix(WEST_CONNECT, REMOTE_PREFIX, WRITE, DESCRIBE));
        // the worker's producer writes the checkpoints; monitoring reads them
        acls.addAll(Acls.allowTopic(WEST_CONNECT, CHECKPOINTS, WRITE, DESCRIBE, READ));
        // the worker's producer writes verification results; monitoring reads them
        acls.addAll(Acls.allowTopic(WEST_CONNECT, VERIFICATION, WRITE, DESCRIBE, READ));
        // monitoring reads progress reports and the groups' offsets on the target
        acls.addAll(Acls.allowTopic(WEST_CONNECT, PROGRESS, DESCRIBE, READ));
        acls.addAll(Acls.allow(WEST_CONNECT, group(PREFIX), DESCRIBE));
        return acls;
    }

    static List<AclBinding> sourceReadOfMirroredTopics() {
        return Acls.allowTopicPrefix(EAST_FERRY, PREFIX, READ);
    }

    static List<AclBinding> sourceDescribeConfigsOfMirroredTopics() {
        return Acls.allowTopicPrefix(EAST_FERRY, PREFIX, DESCRIBE_CONFIGS);
    }

    static List<AclBinding> targetCreateOfRemoteTopics() {
        return Acls.allowTopicPrefix(WEST_FERRY, REMOTE_PREFIX, CREATE);
    }

    static List<AclBinding> targetWriteOfOffsetSyncs() {
        return Acls.allowTopic(WEST_FERRY, OFFSET_SYNCS, WRITE);
    }

    static List<AclBinding> targetReadOfOffsetSyncs() {
        return Acls.allowTopic(WEST_FERRY, OFFSET_SYNCS, READ);
    }

    static List<AclBinding> sourceDescribeOfGroups() {
        return Acls.allow(EAST_FERRY, group(PREFIX), DESCRIBE);
    }

    static List<AclBinding> sourceWriteOfHeartbeats() {
        return Acls.allowTopic(EAST_FERRY, HEARTBEATS, WRITE);
    }

    private static org.apache.kafka.common.resource.ResourcePattern group(String prefix) {
        return new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.GROUP,
            prefix, org.apache.kafka.common.resource.PatternType.PREFIXED);
    }
}
