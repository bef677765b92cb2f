package dev.ferry.mirror;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.List;

/**
 * One source partition given to a task, with the id of its topic when the assignment was made and the
 * name of the remote topic it is copied to. Encoded in task configs as
 * {@code topic:partition:topicId:remoteTopic}, entries separated by commas: Kafka topic names never
 * contain either character.
 */
public record AssignedPartition(TopicPartition source, Uuid topicId, String remoteTopic) {

    String encode() {
        return source.topic() + ":" + source.partition() + ":" + topicId + ":" + remoteTopic;
    }

    static String encodeAll(List<AssignedPartition> partitions) {
        StringBuilder out = new StringBuilder();
        for (AssignedPartition partition : partitions) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(partition.encode());
        }
        return out.toString();
    }

    static List<AssignedPartition> decodeAll(String encoded) {
        List<AssignedPartition> partitions = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return partitions;
        }
        for (String entry : encoded.split(",")) {
            String[] fields = entry.split(":");
            if (fields.length != 4) {
                throw new IllegalArgumentException("Malformed task partition entry '" + entry
                    + "': expected topic:partition:topicId:remoteTopic");
            }
            partitions.add(new AssignedPartition(new TopicPartition(fields[0], Integer.parseInt(fields[1])),
                Uuid.fromString(fields[2]), fields[3]));
        }
        return partitions;
    }
}
