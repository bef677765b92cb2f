package dev.ferry.it;

import javax.security.auth.login.Configuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JVM-wide JAAS login configuration Connect's basic-auth REST extension reads: a {@code KafkaConnect} entry
 * with its {@code PropertyFileLoginModule} over a file of users and passwords. The system property
 * {@value #PROPERTY} is global to the test JVM, so it is set before the workers start and restored on
 * {@link #close()}. Both times the JVM's {@link Configuration} is re-read in place rather than replaced: the
 * extension keeps the instance it found when its class was loaded, and in a JVM running other tests before
 * this one an earlier worker's plugin scan has loaded it already.
 */
final class JaasLoginConfig implements AutoCloseable {

    static final String PROPERTY = "java.security.auth.login.config";
    private static final String LOGIN_MODULE = "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule";

    private final String previous;

    private JaasLoginConfig(String previous) {
        this.previous = previous;
    }

    /**
     * Writes the users file and the JAAS file into {@code dir} and points the JVM at the latter.
     *
     * @param users user name to password
     */
    static JaasLoginConfig install(Path dir, Map<String, String> users) {
        try {
            Files.createDirectories(dir);
            Path credentials = dir.resolve("connect-users.properties");
            Files.writeString(credentials, users.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
            Path jaas = dir.resolve("connect-jaas.conf");
            Files.writeString(jaas, "KafkaConnect {\n  " + LOGIN_MODULE + " required\n  file=\""
                + credentials.toAbsolutePath() + "\";\n};\n", StandardCharsets.UTF_8);
            JaasLoginConfig installed = new JaasLoginConfig(System.getProperty(PROPERTY));
            System.setProperty(PROPERTY, jaas.toAbsolutePath().toString());
            Configuration.getConfiguration().refresh();
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JAAS files into " + dir, e);
        }
    }

    @Override
    public void close() {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        Configuration.getConfiguration().refresh();
    }
}
