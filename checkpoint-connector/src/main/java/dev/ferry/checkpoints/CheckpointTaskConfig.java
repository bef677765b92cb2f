package dev.ferry.checkpoints;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A task's settings: the connector's, plus the consumer groups the connector gave this task.
 *
 * <p>Group ids may contain any character, commas included, so the list is not a plain comma-separated
 * {@code LIST}: each id is URL-encoded (which encodes commas) and the encoded ids are joined by commas.
 */
final class CheckpointTaskConfig extends CheckpointConfig {

    /** Task config key: this task's consumer groups, see {@link #encodeGroups(List)}. */
    static final String TASK_GROUPS = "task.groups";

    /** Task config key: whether this task runs continuous verification (the connector picks one task). */
    static final String TASK_VERIFY = "task.verify";

    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
        .define(TASK_GROUPS, Type.STRING, "", Importance.LOW, "Consumer groups of this task (set by the connector).")
        .define(TASK_VERIFY, Type.BOOLEAN, false, Importance.LOW, "Whether this task verifies copies (set by the connector).");

    CheckpointTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
    }

    /** The groups this task checkpoints. */
    List<String> groups() {
        return decodeGroups(getString(TASK_GROUPS));
    }

    /** Whether this task runs continuous verification. */
    boolean verifies() {
        return getBoolean(TASK_VERIFY) && verificationEnabled();
    }

    static String encodeGroups(List<String> groups) {
        return groups.stream().map(group -> URLEncoder.encode(group, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
    }

    static List<String> decodeGroups(String encoded) {
        List<String> groups = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return groups;
        }
        for (String part : encoded.split(",", -1)) {
            groups.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
        }
        return groups;
    }
}
