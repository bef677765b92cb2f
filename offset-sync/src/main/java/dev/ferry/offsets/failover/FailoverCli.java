package dev.ferry.offsets.failover;

import dev.ferry.common.OffsetSyncsTopics;
import dev.ferry.common.IdentityReplicationPolicy;
import dev.ferry.common.JsonText;
import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.ReplicationPolicy;
import dev.ferry.offsets.FailbackTranslator;
import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.failover.FailoverException.Reason;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code ferry-failover}: moves consumer groups to the cluster that mirrors their source, from the
 * checkpoints Ferry keeps there.
 *
 * <pre>
 * ferry-failover plan|apply|failback --target-bootstrap HOST:PORT --source-alias ALIAS [options]
 *   --groups REGEX               groups to move (default: every checkpointed group)
 *   --group NAME                 one group by name (repeatable); unknown names exit 3
 *   --checkpoints-topic NAME     default ferry-checkpoints.&lt;source alias&gt;.internal
 *   --replication-policy prefix|identity   (default prefix), --separator SEP (default .)
 *   --command-config FILE        client settings for the target (security.protocol, sasl.*, ssl.*)
 *   --max-checkpoint-age-ms N    refuse checkpoints older than this (default 300000; 0 = no limit)
 *   --timeout-ms N               how long to wait for the target cluster (default 30000)
 *   --format table|json
 *   --execute                    apply/failback: really commit (without it: a dry run that prints the plan)
 *   --force                      apply/failback: also change groups with active members on the target
 * failback (and plan, to preview it) only, identity policy: place groups with both mirrors' offset syncs:
 *   --forward-syncs-bootstrap HOST:PORT   cluster holding the forward mirror's offset syncs (by default the
 *                                         cluster the groups failed over to)
 *   --target-alias ALIAS                  alias of the cluster the groups return to (names the default topics)
 *   --forward-syncs-topic NAME            default ferry-offset-syncs.&lt;target alias&gt;.internal
 *   --reverse-syncs-topic NAME            on the target; default ferry-offset-syncs.&lt;source alias&gt;.internal
 *   --forward-command-config FILE         client settings for the forward syncs' cluster
 * </pre>
 * {@code failback} is {@code apply} in the other direction: run it against the original source
 * cluster with the reverse mirror's source alias, once the reverse mirror has caught up. With
 * {@code --forward-syncs-bootstrap}, groups that had not yet read past the copies of the original
 * source's records are placed exactly too (see {@link dev.ferry.offsets.FailbackTranslator}); without
 * it they get the reverse checkpoints' answer, which for them is HISTORY_GONE (re-read from offset 0).
 *
 * <p>Exit codes: 0 done; 1 unexpected error; 2 usage; 3 unknown group; 4 cluster unreachable; 5 no
 * checkpoints; 6 checkpoints too old; 7 group has active members.
 */
public final class FailoverCli {

    private FailoverCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command, as the {@code ferry-failover} launcher does, and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options options = Options.parse(args);
            try (FailoverClient client = options.client()) {
                List<GroupPlan> plans = client.plan(options.groups, options.exactGroups, options.maxCheckpointAgeMs,
                    System.currentTimeMillis());
                if (client.skippedCheckpointRecords() > 0) {
                    err.println("ferry-failover: skipped " + client.skippedCheckpointRecords() + " record(s) of '"
                        + options.checkpointsTopic + "' that are not Ferry checkpoints");
                }
                out.print("json".equals(options.format) ? PlanFormat.json(plans) : PlanFormat.table(plans));
                if (!options.command.equals("plan")) {
                    if (!options.execute) {
                        out.println("Dry run: nothing committed. Add --execute to commit these positions on the target.");
                    } else {
                        client.apply(plans, options.force).forEach(out::println);
                    }
                }
            }
            return 0;
        } catch (FailoverException e) {
            err.println("ferry-failover: " + e.getMessage());
            return e.reason().exitCode();
        } catch (RuntimeException e) {
            err.println("ferry-failover: unexpected error: " + e);
            return 1;
        }
    }

    /** Command-line options, checked as they are read. */
    static final class Options {
        String command;
        String bootstrap;
        String sourceAlias;
        String checkpointsTopic;
        String policy = "prefix";
        String separator = ReplicationPolicy.SEPARATOR_DEFAULT;
        Path commandConfig;
        long maxCheckpointAgeMs = 300_000;
        long timeoutMs = 30_000;
        String format = "table";
        boolean execute;
        boolean force;
        java.util.function.Predicate<String> groups = group -> true;
        final List<String> exactGroups = new ArrayList<>();
        String forwardSyncsBootstrap;
        String targetAlias;
        String forwardSyncsTopic;
        String reverseSyncsTopic;
        Path forwardCommandConfig;

        static Options parse(String[] args) throws FailoverException {
            if (args.length == 0 || !List.of("plan", "apply", "failback").contains(args[0])) {
                throw usage("the first argument must be plan, apply or failback");
            }
            Options options = new Options();
            options.command = args[0];
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--execute" -> options.execute = true;
                    case "--force" -> options.force = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw usage(arg + " needs a value");
                        }
                        options.set(arg, args[++i]);
                    }
                }
            }
            if (options.bootstrap == null || options.sourceAlias == null) {
                throw usage("--target-bootstrap and --source-alias are required");
            }
            if (options.checkpointsTopic == null) {
                options.checkpointsTopic = "ferry-checkpoints." + options.sourceAlias + ".internal";
            }
            if (options.forwardSyncsBootstrap != null) {
                if (options.command.equals("apply")) {
                    throw usage("--forward-syncs-bootstrap is for failback (and its plan) only");
                }
                if (!options.policy.equals("identity")) {
                    throw usage("--forward-syncs-bootstrap needs --replication-policy identity: with prefixed names the groups "
                        + "read the copies in their own remote topics, which no reverse mirror copies back");
                }
                if (options.forwardSyncsTopic == null) {
                    if (options.targetAlias == null) {
                        throw usage("--forward-syncs-bootstrap needs --target-alias (or --forward-syncs-topic)");
                    }
                    options.forwardSyncsTopic = OffsetSyncsTopics.onTarget(options.targetAlias);
                }
                if (options.reverseSyncsTopic == null) {
                    options.reverseSyncsTopic = OffsetSyncsTopics.onTarget(options.sourceAlias);
                }
            }
            if (!options.exactGroups.isEmpty()) {
                List<String> names = List.copyOf(options.exactGroups);
                options.groups = names::contains;
            }
            return options;
        }

        private void set(String option, String value) throws FailoverException {
            switch (option) {
                case "--target-bootstrap" -> bootstrap = value;
                case "--source-alias" -> sourceAlias = value;
                case "--checkpoints-topic" -> checkpointsTopic = value;
                case "--replication-policy" -> policy = oneOf(option, value, "prefix", "identity");
                case "--separator" -> separator = value;
                case "--command-config" -> commandConfig = Path.of(value);
                case "--format" -> format = oneOf(option, value, "table", "json");
                case "--group" -> exactGroups.add(value);
                case "--groups" -> {
                    try {
                        Pattern pattern = Pattern.compile(value);
                        groups = group -> pattern.matcher(group).matches();
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw usage("--groups '" + value + "' is not a valid regular expression: " + e.getDescription());
                    }
                }
                case "--forward-syncs-bootstrap" -> forwardSyncsBootstrap = value;
                case "--target-alias" -> targetAlias = value;
                case "--forward-syncs-topic" -> forwardSyncsTopic = value;
                case "--reverse-syncs-topic" -> reverseSyncsTopic = value;
                case "--forward-command-config" -> forwardCommandConfig = Path.of(value);
                case "--max-checkpoint-age-ms" -> maxCheckpointAgeMs = millis(option, value);
                case "--timeout-ms" -> timeoutMs = millis(option, value);
                default -> throw usage("unknown option " + option);
            }
        }

        private static long millis(String option, String value) throws FailoverException {
            try {
                long millis = Long.parseLong(value);
                if (millis < 0) {
                    throw usage(option + " must not be negative, was " + value);
                }
                return millis;
            } catch (NumberFormatException e) {
                throw usage(option + " must be a number of milliseconds, was '" + value + "'");
            }
        }

        private static String oneOf(String option, String value, String... allowed) throws FailoverException {
            if (!List.of(allowed).contains(value)) {
                throw usage(option + " must be one of " + List.of(allowed) + ", was '" + value + "'");
            }
            return value;
        }

        private static FailoverException usage(String problem) {
            return new FailoverException(Reason.USAGE, problem
                + "\nusage: ferry-failover plan|apply|failback --target-bootstrap HOST:PORT --source-alias ALIAS "
                + "[--groups REGEX | --group NAME ...] [--checkpoints-topic NAME] [--replication-policy prefix|identity] "
                + "[--separator SEP] [--command-config FILE] [--max-checkpoint-age-ms N] [--timeout-ms N] [--format table|json] "
                + "[--execute] [--force] [failback: --forward-syncs-bootstrap HOST:PORT --target-alias ALIAS "
                + "[--forward-syncs-topic NAME] [--reverse-syncs-topic NAME] [--forward-command-config FILE]]");
        }

        FailoverClient client() throws FailoverException {
            Map<String, Object> settings = clientSettings(bootstrap, commandConfig, "--command-config");
            ReplicationPolicy replicationPolicy = "identity".equals(policy) ? new IdentityReplicationPolicy() : new PrefixReplicationPolicy();
            replicationPolicy.configure(Map.of(ReplicationPolicy.SEPARATOR_CONFIG, separator));
            FailbackTranslator failback = forwardSyncsBootstrap == null ? null : new FailbackTranslator(
                loadSyncs(clientSettings(forwardSyncsBootstrap, forwardCommandConfig, "--forward-command-config"), forwardSyncsTopic,
                    "the forward syncs' cluster " + forwardSyncsBootstrap),
                loadSyncs(settings, reverseSyncsTopic, "the target cluster " + bootstrap));
            return new FailoverClient(Admin.create(settings), new KafkaConsumer<>(consumerSettings(settings)), replicationPolicy,
                sourceAlias, checkpointsTopic, Duration.ofMillis(timeoutMs), failback);
        }

        private OffsetSyncStore loadSyncs(Map<String, Object> settings, String topic, String cluster) throws FailoverException {
            OffsetSyncStore store = new OffsetSyncStore();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(settings))) {
                OffsetSyncReader reader = OffsetSyncsLoader.load(consumer, topic, cluster, Duration.ofMillis(timeoutMs), store);
                if (reader.skipped() > 0) {
                    System.err.println("ferry-failover: skipped " + reader.skipped() + " records of '" + topic + "' on " + cluster
                        + " that are not offset syncs");
                }
            } catch (KafkaException e) {
                throw new FailoverException(Reason.UNREACHABLE, "Cannot read offset-syncs topic '" + topic + "' on " + cluster + ": "
                    + e.getMessage(), e);
            }
            return store;
        }

        private Map<String, Object> clientSettings(String servers, Path configFile, String option) throws FailoverException {
            Map<String, Object> settings = new HashMap<>();
            if (configFile != null) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(configFile)) {
                    properties.load(in);
                } catch (IOException e) {
                    throw usage("cannot read " + option + " " + configFile + ": " + e.getMessage());
                }
                properties.forEach((key, value) -> settings.put(key.toString(), value));
            }
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            // every admin call gives up within the timeout, so an unreachable cluster ends with exit code 4
            settings.put("default.api.timeout.ms", (int) Math.max(1, timeoutMs));
            settings.put("request.timeout.ms", (int) Math.max(1, Math.min(timeoutMs, 30_000)));
            return settings;
        }

        private static Map<String, Object> consumerSettings(Map<String, Object> settings) {
            Map<String, Object> consumerSettings = new HashMap<>(settings);
            consumerSettings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumerSettings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerSettings.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-failover");
            return consumerSettings;
        }
    }

    /** The plan as a table for people or as JSON for scripts. */
    static final class PlanFormat {
        private PlanFormat() {
        }

        static String table(List<GroupPlan> plans) {
            StringBuilder out = new StringBuilder();
            for (GroupPlan plan : plans) {
                out.append(String.format("GROUP %s  (on target: %s%s)%n", plan.group(), plan.stateOnTarget(),
                    plan.activeOnTarget() ? ", ACTIVE MEMBERS" : ""));
                out.append(String.format("  %-30s %9s %12s %12s %12s %10s %-18s %8s%n", "SOURCE PARTITION", "COMMITTED",
                    "TRANSLATED", "TARGET NOW", "TARGET LAG", "CKPT AGE", "EXACTNESS", "REREAD"));
                for (PlanRow row : plan.rows()) {
                    out.append(String.format("  %-30s %9d %12d %12s %12s %9ds %-18s %8s%n", row.source(), row.upstreamCommitted(),
                        row.translated(), row.targetCommitted() < 0 ? "-" : Long.toString(row.targetCommitted()),
                        row.lagOnTarget() < 0 ? "-" : Long.toString(row.lagOnTarget()), row.checkpointAgeMs() / 1000, row.kind(),
                        row.kind() == dev.ferry.common.wire.TranslationKind.EXACT ? "0" : "unknown"));
                }
            }
            return out.toString();
        }

        static String json(List<GroupPlan> plans) {
            StringBuilder out = new StringBuilder("{\"groups\":[");
            for (int g = 0; g < plans.size(); g++) {
                GroupPlan plan = plans.get(g);
                out.append(g == 0 ? "" : ",").append("{\"group\":").append(JsonText.quote(plan.group()))
                    .append(",\"state_on_target\":").append(JsonText.quote(plan.stateOnTarget()))
                    .append(",\"active_on_target\":").append(plan.activeOnTarget()).append(",\"partitions\":[");
                for (int r = 0; r < plan.rows().size(); r++) {
                    PlanRow row = plan.rows().get(r);
                    out.append(r == 0 ? "" : ",").append("{\"topic\":").append(JsonText.quote(row.source().topic()))
                        .append(",\"partition\":").append(row.source().partition())
                        .append(",\"remote_topic\":").append(JsonText.quote(row.remote().topic()))
                        .append(",\"upstream_committed\":").append(row.upstreamCommitted())
                        .append(",\"translated\":").append(row.translated())
                        .append(",\"translation\":").append(JsonText.quote(row.kind().name()))
                        .append(",\"target_committed\":").append(row.targetCommitted())
                        .append(",\"target_log_end\":").append(row.targetLogEnd())
                        .append(",\"checkpoint_age_ms\":").append(row.checkpointAgeMs()).append('}');
                }
                out.append("]}");
            }
            return out.append("]}\n").toString();
        }
    }
}
