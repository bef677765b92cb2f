package dev.ferry.checkpoints;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the source cluster's consumer groups that the filter selects: classic and new-protocol
 * consumer groups, including "simple" groups that only commit offsets (consumers using assign()),
 * never share or streams groups.
 * <p>
 * Kafka lists only the groups the principal may describe, so a group named literally in {@code groups}
 * that the listing leaves out is described on its own: a denial then names the group instead of the group
 * silently never being checkpointed. A named group that does not exist (yet) is no error.
 */
final class SourceGroups {

    /** The listing, so a fake can stand in for the admin client in tests. */
    interface Lister {
        Collection<String> consumerGroupIds();
    }

    /** Describes groups the listing did not return. */
    interface Describer {
        /**
         * @throws GroupAuthorizationException naming ({@link GroupAuthorizationException#groupId()}) a group the
         *     principal may not describe
         * @throws KafkaException when describing fails otherwise
         */
        void describe(Collection<String> groupIds);
    }

    /** A group named in {@code groups}, left out of the listing, that the principal may not describe. */
    static final class UnlistedGroupDenied extends GroupAuthorizationException {
        private static final long serialVersionUID = 1L;

        UnlistedGroupDenied(GroupAuthorizationException denied) {
            super(denied.getMessage(), denied.groupId());
        }
    }

    private final Lister lister;
    private final Describer describer;
    private final GroupFilter filter;

    SourceGroups(Lister lister, Describer describer, GroupFilter filter) {
        this.lister = lister;
        this.describer = describer;
        this.filter = filter;
    }

    static SourceGroups of(Admin sourceAdmin, GroupFilter filter, Duration callTimeout, String sourceAlias) {
        return new SourceGroups(() -> KafkaCalls.await(
            sourceAdmin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs((int) callTimeout.toMillis())).all(),
            callTimeout, "listing consumer groups of source cluster '" + sourceAlias + "'")
            .stream().map(GroupListing::groupId).toList(),
            groupIds -> {
                Map<String, KafkaFuture<ConsumerGroupDescription>> described = sourceAdmin.describeConsumerGroups(groupIds,
                    new DescribeConsumerGroupsOptions().timeoutMs((int) callTimeout.toMillis())).describedGroups();
                described.forEach((group, future) -> checkDescribed(group, future, callTimeout, sourceAlias));
            }, filter);
    }

    private static void checkDescribed(String group, KafkaFuture<ConsumerGroupDescription> future, Duration callTimeout, String sourceAlias) {
        try {
            KafkaCalls.await(future, callTimeout, "describing consumer group '" + group + "' of source cluster '" + sourceAlias + "'");
        } catch (GroupAuthorizationException denied) {
            // the admin client's exception carries no group id: name it for the operator
            throw new GroupAuthorizationException(denied.getMessage(), group);
        } catch (GroupIdNotFoundException notYet) {
            // no such group (yet): nothing to checkpoint, nothing wrong
        } catch (KafkaException e) {
            if (!(e.getCause() instanceof IllegalArgumentException)) {
                throw e;
            }
            // a group of another kind (e.g. Connect's workers) under that name: not a consumer group to checkpoint
        }
    }

    /**
     * @return the selected group ids, sorted
     * @throws UnlistedGroupDenied naming a group given by name in {@code groups} that the principal may not describe
     * @throws org.apache.kafka.common.KafkaException when the listing fails
     */
    Set<String> list() {
        Set<String> selected = new TreeSet<>();
        for (String group : lister.consumerGroupIds()) {
            // an empty id cannot commit offsets with any current client
            if (!group.isEmpty() && filter.test(group)) {
                selected.add(group);
            }
        }
        List<String> unlisted = filter.namedGroups().stream().filter(group -> !selected.contains(group)).toList();
        if (!unlisted.isEmpty()) {
            try {
                describer.describe(unlisted);
            } catch (GroupAuthorizationException denied) {
                throw new UnlistedGroupDenied(denied);
            }
        }
        return selected;
    }
}
