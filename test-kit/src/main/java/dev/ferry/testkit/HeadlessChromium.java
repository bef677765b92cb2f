package dev.ferry.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Loads a page in headless Chromium (Debian's {@code chromium} package) and returns the DOM as the page's
 * scripts left it, or saves a screenshot; for tests of the monitoring dashboard.
 *
 * <p>Pages run on virtual time ({@code --virtual-time-budget}): timers fire as fast as the page lets them,
 * and virtual time stands still while a network request is pending, so a page that polls every 2 s
 * polls about {@code budget / 2 s} times, in well under the budget of real time.
 *
 * <p>Every run gets a fresh, empty profile directory, deleted afterwards, so runs share no cache or
 * state. A run that outlives {@link #timeout()} is killed with all its child processes, and fails.
 * A missing binary fails too, naming the path and the package: a dashboard test must not pass, or be
 * skipped, on a machine that cannot show the page.
 */
public final class HeadlessChromium {

    /** Where Debian's {@code chromium} package puts the browser ({@code .ci/run} installs it). */
    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");

    /** Real time a run may take: start-up alone can take seconds on a busy two-core machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final int STDERR_TAIL_CHARS = 2_000;

    // Keep the browser from calling home or touching the GPU: tests run offline on headless machines.
    private static final List<String> FIXED_FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars");

    private final Path binary;
    private final Duration timeout;

    /** Debian's binary, {@link #DEFAULT_TIMEOUT}. */
    public HeadlessChromium() {
        this(DEFAULT_BINARY, DEFAULT_TIMEOUT);
    }

    /**
     * @param binary  the Chromium executable
     * @param timeout real time one run may take before it is killed
     */
    public HeadlessChromium(Path binary, Duration timeout) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** @return real time one run may take */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Loads {@code page}, lets its scripts run for {@code virtualTime}, and returns the serialised DOM.
     *
     * @throws IllegalStateException if Chromium is missing, exits with an error, prints nothing, or
     *                               outlives the timeout (then it has been killed)
     */
    public String dumpDom(URI page, Duration virtualTime) {
        String dom = run(page, virtualTime, List.of("--dump-dom"));
        if (dom.isBlank()) {
            throw new IllegalStateException("Chromium printed no DOM for " + page);
        }
        return dom;
    }

    /**
     * Loads {@code page} in a {@code width} x {@code height} window, lets its scripts run for
     * {@code virtualTime}, and saves a PNG screenshot to {@code png} (its directory is created).
     *
     * @throws IllegalStateException as {@link #dumpDom}, or if no PNG was written
     */
    public void screenshot(URI page, Duration virtualTime, Path png, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("window size must be positive: " + width + "x" + height);
        }
        Path target = png.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare screenshot file " + target, e);
        }
        run(page, virtualTime, List.of("--screenshot=" + target, "--window-size=" + width + "," + height));
        if (!isPng(target)) {
            throw new IllegalStateException("Chromium wrote no PNG screenshot of " + page + " to " + target);
        }
    }

    private String run(URI page, Duration virtualTime, List<String> modeFlags) {
        Objects.requireNonNull(page, "page");
        if (virtualTime.isNegative()) {
            throw new IllegalArgumentException("virtual time must not be negative: " + virtualTime);
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Chromium not found at " + binary
                    + ": install Debian's 'chromium' package (apt-get install -y chromium; .ci/run does this)");
        }
        Path profile = createTempDir("ferry-chromium-profile-");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".stderr");
        try {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(FIXED_FLAGS);
            command.add("--user-data-dir=" + profile);
            command.add("--virtual-time-budget=" + virtualTime.toMillis());
            command.addAll(modeFlags);
            command.add(page.toString());
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectError(stderr.toFile())
                    .start();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            return awaitOutput(page, process, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Chromium " + binary, e);
        } finally {
            deleteQuietly(stderr);
            deleteTree(profile);
        }
    }

    private String awaitOutput(URI page, Process process, CompletableFuture<String> stdout, Path stderr) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IllegalStateException("Chromium did not finish loading " + page + " within "
                        + timeout.toSeconds() + " s and was killed; stderr tail: " + tail(stderr));
            }
            if (process.exitValue() != 0) {
                kill(process);
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " loading " + page
                        + "; stderr tail: " + tail(stderr));
            }
            // Helper processes may hold stdout a moment longer than the browser process itself.
            return stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Chromium loaded " + page, e);
        } catch (TimeoutException e) {
            kill(process);
            throw new IllegalStateException("Chromium's output for " + page + " did not end within "
                    + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read Chromium's output for " + page, e.getCause());
        }
    }

    /** Chromium runs a tree of processes (zygote, renderer, GPU, network); none may outlive the run. */
    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            descendants.forEach(tree::add);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "chromium-stdout");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.length() <= STDERR_TAIL_CHARS ? text : "…" + text.substring(text.length() - STDERR_TAIL_CHARS);
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean isPng(Path file) {
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            return false;
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static Path createTempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the run's result matters more
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(HeadlessChromium::deleteQuietly);
        } catch (IOException | UncheckedIOException ignored) {
            // as above: a leftover profile directory in tmp does not change any test's outcome
        }
    }
}
