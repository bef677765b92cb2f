package dev.ferry.common;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting on admin-client futures, and describing their failures so that an operator can act on them.
 */
public final class KafkaCalls {

    private KafkaCalls() {
    }

    /**
     * Waits for {@code future}, rethrowing its own failure (not the {@link ExecutionException} that
     * wraps it) so callers decide per cause: retry, fail with a message, or skip.
     *
     * @param what what the call does, for the timeout message (e.g. "listing topics of cluster 'east'")
     * @throws KafkaException the call's failure, or a {@link org.apache.kafka.common.errors.TimeoutException}
     */
    public static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KafkaException kafka) {
                throw kafka;
            }
            throw new KafkaException(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(what + " did not finish within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
    }

    /**
     * A sentence naming the denied operation and resource, e.g.
     * {@code "the source cluster denied READ on topic(s) [orders]"}.
     *
     * @param cluster   which cluster answered, e.g. "source cluster 'east'"
     * @param operation the operation attempted, e.g. "READ", "DESCRIBE", "CREATE"
     */
    public static String describeDenial(AuthorizationException denial, String cluster, String operation) {
        String resource;
        if (denial instanceof TopicAuthorizationException topics) {
            // a denied CreateTopics names no topic: the operation text then says which
            resource = topics.unauthorizedTopics().isEmpty() ? "the topic(s) named above" : "topic(s) " + topics.unauthorizedTopics();
        } else if (denial instanceof GroupAuthorizationException group) {
            resource = "group " + group.groupId();
        } else if (denial instanceof ClusterAuthorizationException) {
            resource = "the cluster resource";
        } else if (denial instanceof TransactionalIdAuthorizationException) {
            resource = "a transactional id";
        } else {
            resource = "a resource";
        }
        return "The " + cluster + " denied " + operation + " on " + resource
            + " to the configured principal (" + denial.getMessage() + "). Grant the ACL and restart the connector.";
    }
}
