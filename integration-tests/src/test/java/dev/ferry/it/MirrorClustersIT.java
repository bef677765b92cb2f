package dev.ferry.it;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.ReplicationChecker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared set-up of the mirror ITs: one source cluster, one target cluster with its Connect cluster, and
 * an oracle producer on the source, started once per test class (clusters are costly on two cores).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MirrorClustersIT {

    static final ReplicationChecker CHECKER = ReplicationChecker.create();

    FerryClusters clusters;
    OracleProducer producer;

    /** Connect workers for this class (1–3). */
    int workers() {
        return 1;
    }

    /** Lets a class adjust the clusters, e.g. broker settings. */
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        return builder;
    }

    @BeforeAll
    void startClusters() {
        clusters = configure(FerryClusters.builder().workers(workers())).build();
        clusters.start();
        producer = OracleProducer.start(clusters.source(), getClass().getSimpleName());
    }

    @AfterAll
    void stopClusters() {
        if (producer != null) {
            producer.close();
        }
        if (clusters != null) {
            clusters.close();
        }
    }
}
