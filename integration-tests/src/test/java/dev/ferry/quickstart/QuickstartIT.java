package dev.ferry.quickstart;

import dev.ferry.testkit.Waits;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart as users run it: its main in a child JVM (the class path and plugin directory of this build),
 * stopped with SIGTERM, which it handles exactly like Ctrl-C ({@code --run-seconds} is only a safety net here).
 */
class QuickstartIT {

    private static final Path DATA = Path.of("target", "quickstart-it").toAbsolutePath();
    private static final Pattern LAG_LINE = Pattern.compile(
        "(?m)^\\d\\d:\\d\\d:\\d\\d  east-to-west RUNNING/\\w+  topics \\d+  lag [\\d,]+ records \\([\\d.]+ s\\)  copy rate ([\\d,]+) records/s.*$");

    private static Process launch(Path dataDir, String... args) throws IOException {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-Djava.io.tmpdir=" + dataDir);
        command.add("-Dferry.plugin.path=" + System.getProperty("ferry.plugin.path"));
        String logConfig = System.getProperty("log4j2.configurationFile");
        if (logConfig != null) {
            command.add("-Dlog4j2.configurationFile=" + logConfig);
        }
        command.add("-Dferry.test.log.dir=" + dataDir);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Quickstart.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dataDir.resolve("console.txt").toFile()).start();
    }

    private static String console(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("console.txt"), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int exitCode(Process process, Duration timeout, Path dataDir) throws Exception {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the quickstart did not end within " + timeout.toSeconds() + " s:\n" + console(dataDir));
        }
        return process.exitValue();
    }

    /** Lag lines that show records being copied. */
    private static long copyingLines(String output) {
        Matcher lagLines = LAG_LINE.matcher(output);
        long copying = 0;
        while (lagLines.find()) {
            copying += Long.parseLong(lagLines.group(1).replace(",", "")) > 0 ? 1 : 0;
        }
        return copying;
    }

    /**
     * Runs until a lag line shows records being copied, then gets SIGTERM, handled like Ctrl-C: it must stop
     * everything in order and exit 0 long before its --run-seconds safety net.
     */
    @Test
    void startsEverythingServesTheDashboardPrintsLagLinesAndStopsCleanlyOnASignal() throws Exception {
        Path dataDir = DATA.resolve("run");
        int port = freePort();
        Process quickstart = launch(dataDir, "--rest-port", Integer.toString(port), "--run-seconds", "600");
        String dashboard = "http://localhost:" + port + "/ferry/";
        try {
            Waits.until("a lag line with a copy rate above 0, and one with the consumer group's readiness", Duration.ofSeconds(200),
                () -> copyingLines(console(dataDir)) > 0 && console(dataDir).contains("group quickstart-app ") || !quickstart.isAlive());
            assertTrue(quickstart.isAlive(), console(dataDir));
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dashboard)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), "GET " + dashboard + ":\n" + console(dataDir));
            assertTrue(page.body().toLowerCase(Locale.ROOT).contains("<html"), page.body());
        } finally {
            quickstart.destroy(); // SIGTERM
            assertEquals(0, exitCode(quickstart, Duration.ofSeconds(90), dataDir), console(dataDir));
        }

        String output = console(dataDir);
        assertTrue(output.contains("data and logs under " + dataDir), output);
        assertTrue(output.contains("waiting for it to join its Connect cluster on west (GET /health)"), output);
        assertTrue(output.contains("Waiting for connector heartbeats-east and its task to be RUNNING"), output);
        assertTrue(output.contains("Connect REST API : http://localhost:" + port + "/"), output);
        assertTrue(output.contains("Dashboard        : " + dashboard), output);
        assertTrue(output.contains("group quickstart-app "), output);
        assertTrue(output.endsWith("Stopped. Logs are kept under " + dataDir + "\n"), output);
    }

    @Test
    void aTakenRestPortIsNamedWithWhatNeedsItBeforeAnythingStarts() throws Exception {
        Path dataDir = DATA.resolve("port-taken");
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Process quickstart = launch(dataDir, "--rest-port", Integer.toString(port));
            assertEquals(1, exitCode(quickstart, Duration.ofSeconds(60), dataDir), console(dataDir));
            String output = console(dataDir);
            assertTrue(output.contains("quickstart failed: port " + port + " is already in use"), output);
            assertTrue(output.contains("the Connect worker's REST API and Ferry's dashboard needs it"), output);
            assertTrue(output.contains("--rest-port <port>"), output);
            assertTrue(!output.contains("Starting the source cluster"), "nothing should start:\n" + output);
        }
    }
}
