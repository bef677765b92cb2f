package dev.ferry.migration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's MirrorMaker 2 key table is the converter's own table rendered, never a hand-edited copy. */
class MigrationTableDocsTest {

    static final String START = "<!-- generated:mm2-key-table:start -->\n";
    static final String END = "<!-- generated:mm2-key-table:end -->";

    @Test
    void readmeTableMatchesTheConverter() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md lacks the generated MM2 key table markers");
        String generated = KeyMapping.markdown();
        if (Boolean.getBoolean("ferry.docs.update")) {
            Files.writeString(readme, text.substring(0, start + START.length()) + generated + text.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, text.substring(start + START.length(), end), "README.md's MM2 key table is stale: regenerate it with "
            + "mvn -pl mm2-migration test -Dtest=MigrationTableDocsTest -Dferry.docs.update=true");
    }
}
