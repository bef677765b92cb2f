package dev.ferry.mirror;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.KafkaCalls;
import dev.ferry.common.wire.Heartbeat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Writes a {@link Heartbeat} into the source cluster each interval with a producer of its own (Connect's
 * producer writes to the workers' cluster, the wrong one), and hands Connect no records.
 *
 * <p>A heartbeat that cannot be written is logged (at most once a minute) and the next one is tried on
 * schedule: a source outage shows as heartbeats missing on the target, which is the point. A denied
 * WRITE fails the task, since no retry can fix it.
 */
public class HeartbeatTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatTask.class);
    private static final long WARN_EVERY_MS = 60_000;

    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory;
    private final LongSupplier clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Exception> lastFailure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private HeartbeatConfig config;
    private Producer<byte[], byte[]> producer;
    private long nextEmitMs;
    private long lastWarningMs = Long.MIN_VALUE;

    public HeartbeatTask() {
        this(KafkaProducer::new, System::currentTimeMillis);
    }

    HeartbeatTask(Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory, LongSupplier clock) {
        this.producerFactory = producerFactory;
        this.clock = clock;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HeartbeatConfig(props);
        producer = producerFactory.apply(config.sourceProducerConfig("ferry-heartbeats-" + config.sourceAlias() + "-"
            + props.getOrDefault("name", "heartbeats")));
        nextEmitMs = clock.getAsLong();
        log.info("Writing a heartbeat of cluster '{}' to topic '{}' every {} ms", config.sourceAlias(), config.heartbeatsTopic(),
            config.emitIntervalMs());
    }

    /** Waits for the next emit time (or stop), writes one heartbeat, and returns no records. */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Exception failure = lastFailure.getAndSet(null);
        if (failure instanceof AuthorizationException denied) {
            throw new ConnectException(KafkaCalls.describeDenial(denied, "source cluster '" + config.sourceAlias() + "'",
                "WRITE (heartbeats topic '" + config.heartbeatsTopic() + "')"), denied);
        }
        if (failure != null) {
            warn(failure);
        }
        long waitMs = nextEmitMs - clock.getAsLong();
        if (waitMs > 0 && stopped.await(waitMs, TimeUnit.MILLISECONDS)) {
            return null;
        }
        if (stopped.getCount() == 0) {
            return null;
        }
        long now = clock.getAsLong();
        // on schedule, without catching up on beats missed while the cluster was unreachable
        nextEmitMs = Math.max(nextEmitMs + config.emitIntervalMs(), now);
        Heartbeat heartbeat = new Heartbeat(config.sourceAlias(), now);
        try {
            producer.send(new ProducerRecord<>(config.heartbeatsTopic(), null, now, heartbeat.serializeKey(), heartbeat.serializeValue()),
                (metadata, exception) -> {
                    if (exception == null) {
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        lastFailure.set(exception);
                    }
                });
        } catch (AuthorizationException denied) {
            lastFailure.set(denied);
        } catch (RuntimeException e) {
            if (stopped.getCount() == 0) {
                return null; // the producer was closed by stop()
            }
            // metadata not available within max.block.ms: the cluster is unreachable, try the next beat
            failed.incrementAndGet();
            warn(e);
        }
        return null;
    }

    private void warn(Exception failure) {
        long now = clock.getAsLong();
        if (lastWarningMs == Long.MIN_VALUE || now - lastWarningMs >= WARN_EVERY_MS) {
            lastWarningMs = now;
            log.warn("Heartbeats of cluster '{}' could not be written to topic '{}' ({} failed so far): {}", config.sourceAlias(),
                config.heartbeatsTopic(), failed.get(), failure.toString());
        }
    }

    /** Heartbeats acknowledged by the cluster. */
    long sent() {
        return sent.get();
    }

    /** Heartbeats that could not be written. */
    long failed() {
        return failed.get();
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }
}
