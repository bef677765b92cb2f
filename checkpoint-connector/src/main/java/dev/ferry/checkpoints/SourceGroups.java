package dev.ferry.checkpoints;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the source cluster's consumer groups that the filter selects: classic and new-protocol
 * consumer groups, including "simple" groups that only commit offsets (consumers using assign()),
 * never share or streams groups.
 */
final class SourceGroups {

    /** The listing, so a fake can stand in for the admin client in tests. */
    interface Lister {
        Collection<String> consumerGroupIds();
    }

    private final Lister lister;
    private final GroupFilter filter;

    SourceGroups(Lister lister, GroupFilter filter) {
        this.lister = lister;
        this.filter = filter;
    }

    static SourceGroups of(Admin sourceAdmin, GroupFilter filter, Duration callTimeout, String sourceAlias) {
        return new SourceGroups(() -> KafkaCalls.await(
            sourceAdmin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs((int) callTimeout.toMillis())).all(),
            callTimeout, "listing consumer groups of source cluster '" + sourceAlias + "'")
            .stream().map(GroupListing::groupId).toList(), filter);
    }

    /**
     * @return the selected group ids, sorted
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
        return selected;
    }
}
