package dev.ferry.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ferry-mm2-convert}: writes one connector JSON file per Ferry connector for the replication
 * flows of an mm2.properties file, ready for {@code curl -X POST -d @file <worker>/connectors}.
 *
 * <p>Exit codes: 0 converted, 1 the file holds settings that cannot be converted (each named on
 * stderr; nothing is written), 2 usage, 3 a file could not be read or written.
 */
public final class Mm2ConvertCli {

    static final String USAGE = """
        Usage: ferry-mm2-convert --input mm2.properties --output-dir DIR
                                 [--secrets-file PATH] [--worker-secrets-path PATH] [--ignore-unknown]
          --input               MirrorMaker 2 dedicated-mode properties file
          --output-dir          where <connector>.json files are written (created if absent)
          --secrets-file        where inline credentials are moved to (default DIR/ferry-secrets.properties)
          --worker-secrets-path the secrets file's path on the Connect workers (default: --secrets-file)
          --ignore-unknown      leave out keys the converter does not know instead of refusing the file
        """;

    private Mm2ConvertCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        boolean ignoreUnknown = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--ignore-unknown")) {
                ignoreUnknown = true;
            } else if (List.of("--input", "--output-dir", "--secrets-file", "--worker-secrets-path").contains(arg) && i + 1 < args.length) {
                options.put(arg, args[++i]);
            } else {
                err.println("ferry-mm2-convert: unexpected argument '" + arg + "'");
                err.print(USAGE);
                return 2;
            }
        }
        if (!options.containsKey("--input") || !options.containsKey("--output-dir")) {
            err.println("ferry-mm2-convert: --input and --output-dir are required");
            err.print(USAGE);
            return 2;
        }
        Path outputDir = Path.of(options.get("--output-dir"));
        Path secretsFile = Path.of(options.getOrDefault("--secrets-file", outputDir.resolve("ferry-secrets.properties").toString()));
        String workerPath = options.getOrDefault("--worker-secrets-path", secretsFile.toAbsolutePath().toString());

        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(options.get("--input")), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            err.println("ferry-mm2-convert: cannot read " + options.get("--input") + ": " + e.getMessage());
            return 3;
        }

        SecretPlaceholders secrets = new SecretPlaceholders(workerPath);
        Mm2Converter.Result result;
        try {
            result = new Mm2Converter(Mm2Properties.of(properties), secrets).convert();
        } catch (MigrationException e) {
            err.println("ferry-mm2-convert: " + e.getMessage());
            return 1;
        }
        List<String> problems = ignoreUnknown
            ? result.problems().stream().filter(p -> !p.contains("--ignore-unknown")).toList()
            : result.problems();
        if (!problems.isEmpty()) {
            err.println("ferry-mm2-convert: " + problems.size() + " setting(s) cannot be converted; nothing was written:");
            problems.forEach(problem -> err.println("  " + problem));
            return 1;
        }
        result.problems().stream().filter(p -> !problems.contains(p)).forEach(p -> out.println("left out: " + p));

        try {
            write(result, secrets, outputDir, secretsFile, out);
        } catch (IOException e) {
            err.println("ferry-mm2-convert: cannot write " + e.getMessage());
            return 3;
        }
        result.notes().forEach(note -> out.println("note: " + note));
        return 0;
    }

    private static void write(Mm2Converter.Result result, SecretPlaceholders secrets, Path outputDir, Path secretsFile,
                              PrintStream out) throws IOException {
        Files.createDirectories(outputDir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (Mm2Converter.ConnectorJson connector : result.connectors()) {
            Path file = outputDir.resolve(connector.name() + ".json");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", connector.name());
            body.put("config", connector.config());
            Files.writeString(file, json.writeValueAsString(body) + "\n", StandardCharsets.UTF_8);
            out.println("wrote " + file);
        }
        if (!secrets.secrets().isEmpty()) {
            writeSecrets(secrets.secrets(), secretsFile);
            out.println("wrote " + secretsFile + " (" + secrets.secrets().size() + " credential(s), owner read/write only): copy it "
                + "to the workers and enable the provider there: config.providers=file, "
                + "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider");
        }
    }

    private static void writeSecrets(Map<String, String> secrets, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Properties properties = new Properties();
        properties.putAll(secrets);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "Credentials moved out of connector configs by ferry-mm2-convert");
        }
    }
}
