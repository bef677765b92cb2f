package dev.ferry.mirror;

import dev.ferry.common.ConfigDefMarkdown;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration reference is the ConfigDef rendered, never a hand-edited copy. */
class ConfigDocsTest {

    static final String START = "<!-- generated:mirror-source-config:start -->\n";
    static final String END = "<!-- generated:mirror-source-config:end -->";

    @Test
    void readmeReferenceMatchesTheConfigDef() throws IOException {
        check(START, END, MirrorSourceConfig.CONFIG_DEF);
    }

    @Test
    void readmeHeartbeatReferenceMatchesTheConfigDef() throws IOException {
        check("<!-- generated:heartbeat-config:start -->\n", "<!-- generated:heartbeat-config:end -->", HeartbeatConfig.CONFIG_DEF);
    }

    private static void check(String startMarker, String endMarker, ConfigDef def) throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(startMarker);
        int end = text.indexOf(endMarker);
        assertTrue(start >= 0 && end > start, "README.md lacks the generated configuration reference markers " + startMarker.trim());
        String inReadme = text.substring(start + startMarker.length(), end);
        String generated = ConfigDefMarkdown.render(def);
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(readme, text.substring(0, start + startMarker.length()) + generated + text.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, inReadme, "README.md's configuration reference is stale: regenerate it with "
            + "mvn -pl mirror-connector test -Dtest=ConfigDocsTest -Dferry.docs.update=true (with -am -o from the root)");
    }
}
