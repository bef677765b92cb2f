package dev.ferry.monitoring;

import java.util.Map;

/** Finds the id of the Kafka cluster that a set of client settings connects to. */
@FunctionalInterface
interface ClusterIdLookup {

    /**
     * @param clientSettings admin client settings (bootstrap.servers, security settings); never logged
     * @return the cluster id the brokers report
     * @throws Exception when the cluster cannot be reached or described within the lookup's time bound
     */
    String clusterId(Map<String, Object> clientSettings) throws Exception;
}
