package dev.ferry.mirror;

import dev.ferry.common.ConfigDefMarkdown;
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
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md lacks the generated configuration reference markers");
        String inReadme = text.substring(start + START.length(), end);
        String generated = ConfigDefMarkdown.render(MirrorSourceConfig.CONFIG_DEF);
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(readme, text.substring(0, start + START.length()) + generated + text.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, inReadme, "README.md's configuration reference is stale: regenerate it with "
            + "mvn -pl mirror-connector test -Dtest=ConfigDocsTest -Dferry.docs.update=true");
    }
}
