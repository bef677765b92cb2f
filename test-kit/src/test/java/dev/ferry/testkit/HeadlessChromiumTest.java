package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessChromiumTest {

    @TempDir
    Path dir;

    @Test
    void missingBinaryFailsNamingThePathAndThePackage() {
        Path missing = dir.resolve("no-such-chromium");
        HeadlessChromium chromium = new HeadlessChromium(missing, Duration.ofSeconds(5));

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> chromium.dumpDom(dir.toUri(), Duration.ZERO));

        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("'chromium' package"), error.getMessage());
    }

    @Test
    void passesTheHeadlessFlagsAndAFreshProfileThatIsDeletedAfterwards() throws IOException {
        Path fake = script("fake-chromium", "printf '%s\\n' \"$@\"");

        String printed = new HeadlessChromium(fake, Duration.ofSeconds(30))
                .dumpDom(Path.of("/tmp/page.html").toUri(), Duration.ofMillis(7_000));

        List<String> args = Arrays.asList(printed.strip().split("\n"));
        assertTrue(args.containsAll(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--virtual-time-budget=7000", "--dump-dom")), printed);
        assertEquals("file:///tmp/page.html", args.get(args.size() - 1), "the page comes last");
        Optional<Path> profile = args.stream().filter(a -> a.startsWith("--user-data-dir="))
                .map(a -> Path.of(a.substring("--user-data-dir=".length()))).findFirst();
        assertTrue(profile.isPresent(), printed);
        assertFalse(Files.exists(profile.get()), "profile directory left behind: " + profile.get());
    }

    @Test
    void aRunThatOutlivesTheTimeoutIsKilledWithItsChildren() throws IOException {
        Path childPid = dir.resolve("child.pid");
        Path fake = script("hanging-chromium", "sleep 300 &\necho $! > '" + childPid + "'\nwait");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new HeadlessChromium(fake, Duration.ofSeconds(3)).dumpDom(dir.toUri(), Duration.ZERO));

        assertTrue(error.getMessage().contains("within 3 s and was killed"), error.getMessage());
        long pid = Long.parseLong(Files.readString(childPid).strip());
        Waits.until("the hanging run's child process " + pid + " to be gone", Duration.ofSeconds(10),
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aFailedRunReportsTheExitCodeAndStderr() throws IOException {
        Path fake = script("failing-chromium", "echo 'bad flag --frobnicate' >&2\nexit 3");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new HeadlessChromium(fake, Duration.ofSeconds(30)).dumpDom(dir.toUri(), Duration.ZERO));

        assertTrue(error.getMessage().contains("exited with 3"), error.getMessage());
        assertTrue(error.getMessage().contains("bad flag --frobnicate"), error.getMessage());
    }

    @Test
    void realChromiumRunsThePageScriptsOnVirtualTime() throws IOException {
        Path page = dir.resolve("timer.html");
        Files.writeString(page, "<!doctype html><html><body><p id=\"out\">not yet</p><script>"
                + "setTimeout(function () { document.getElementById('out').textContent = 'after 30 s'; }, 30000);"
                + "</script></body></html>", StandardCharsets.UTF_8);

        String dom = new HeadlessChromium().dumpDom(page.toUri(), Duration.ofSeconds(31));

        assertTrue(dom.contains("<p id=\"out\">after 30 s</p>"), dom);
    }

    @Test
    void realChromiumSavesAPngScreenshot() throws IOException {
        Path page = dir.resolve("plain.html");
        Files.writeString(page, "<!doctype html><html><body><h1>Ferry</h1></body></html>", StandardCharsets.UTF_8);
        Path png = dir.resolve("shots/plain.png");

        new HeadlessChromium().screenshot(page.toUri(), Duration.ofMillis(500), png, 640, 480);

        // PNG header: 8-byte signature, IHDR chunk length and type, then width and height (big-endian)
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(png), 16, 8);
        assertEquals(640, header.getInt(), "screenshot width");
        assertEquals(480, header.getInt(), "screenshot height");
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
