package dev.ferry.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The tools the runbooks call, laid out as an operator has them: {@code FERRY_HOME} is the distribution zip
 * unpacked ({@code bin/ferry-failover}), {@code KAFKA_HOME} looks like a Kafka installation ({@code bin/*.sh}
 * starting Kafka's own command classes, {@code libs/} holding Kafka's jars). No Kafka distribution is on the
 * build machines, so {@code libs/} links the Kafka jars of the test class path (kafka-tools among them) and the
 * scripts are a short stand-in for Kafka's {@code kafka-run-class.sh}: same command classes, same arguments.
 */
final class RunbookTools {

    /** Script name to the Kafka 4.3 class behind it, as in Kafka's own {@code bin/}. */
    private static final Map<String, String> KAFKA_SCRIPTS = Map.of(
        "kafka-consumer-groups.sh", "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
        "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
        "kafka-get-offsets.sh", "org.apache.kafka.tools.GetOffsetShell",
        "kafka-console-consumer.sh", "org.apache.kafka.tools.consumer.ConsoleConsumer",
        "kafka-console-producer.sh", "org.apache.kafka.tools.ConsoleProducer");

    private RunbookTools() {
    }

    /** Unpacks {@code distribution/target/ferry-plugin-*.zip} into {@code dir} and returns it. */
    static Path ferryHome(Path distributionTarget, Path dir) throws IOException {
        Path zip = null;
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(distributionTarget, "ferry-plugin-*.zip")) {
            for (Path candidate : zips) {
                zip = candidate;
            }
        }
        if (zip == null) {
            throw new IllegalStateException("no ferry-plugin-*.zip in " + distributionTarget + ": build the distribution module first");
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path to = dir.resolve(entry.getName()).normalize();
                if (!to.startsWith(dir)) {
                    throw new IOException("zip entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(dir.resolve("bin"))) {
            for (Path script : scripts) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return dir;
    }

    /** Lays out a Kafka installation in {@code dir} from the test class path and returns it. */
    static Path kafkaHome(Path dir) throws IOException {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path config = Files.createDirectories(dir.resolve("config"));
        Set<String> names = new HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            // Kafka's libs/ holds Kafka and its dependencies: not Ferry, not test jars or test frameworks (Kafka's
            // test-common jar also carries a log4j2 configuration that would log INFO to stdout)
            if (!name.endsWith(".jar") || name.endsWith("-test.jar") || name.endsWith("-tests.jar") || entry.contains("/dev/ferry/")
                || entry.contains(File.separator + "target" + File.separator) || name.startsWith("junit") || name.startsWith("opentest4j") || name.startsWith("kafka-test-common")
                || !names.add(name)) {
                continue;
            }
            Path link = libs.resolve(name);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
        Files.writeString(config.resolve("tools-log4j2.properties"), String.join("\n",
            "status = error",
            "appender.stderr.type = Console",
            "appender.stderr.name = stderr",
            "appender.stderr.target = SYSTEM_ERR",
            "appender.stderr.layout.type = PatternLayout",
            "appender.stderr.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.stderr.ref = stderr", ""), StandardCharsets.UTF_8);
        script(bin.resolve("kafka-run-class.sh"), String.join("\n",
            "#!/usr/bin/env bash",
            "# Stand-in for Kafka's kafka-run-class.sh: runs a class with libs/ on the class path.",
            "base_dir=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
            "exec java ${KAFKA_HEAP_OPTS:--Xmx256M} ${KAFKA_JVM_PERFORMANCE_OPTS:-} ${KAFKA_OPTS:-} \\",
            "  -Dlog4j2.configurationFile=\"$base_dir/config/tools-log4j2.properties\" -cp \"$base_dir/libs/*\" \"$@\"", ""));
        for (Map.Entry<String, String> command : KAFKA_SCRIPTS.entrySet()) {
            script(bin.resolve(command.getKey()), String.join("\n",
                "#!/usr/bin/env bash",
                "exec \"$(dirname \"$0\")/kafka-run-class.sh\" " + command.getValue() + " \"$@\"", ""));
        }
        return dir;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
