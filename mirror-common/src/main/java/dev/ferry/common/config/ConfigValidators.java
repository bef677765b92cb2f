package dev.ferry.common.config;

import dev.ferry.common.ReplicationPolicy;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validators shared by Ferry's connector configs, so every connector reports the same problem the same way. */
public final class ConfigValidators {

    private ConfigValidators() {
    }

    /** A list of regular expressions, each of which must compile. */
    public static final class RegexListValidator implements ConfigDef.Validator {
        public static final RegexListValidator INSTANCE = new RegexListValidator();

        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> regexes = (List<String>) value;
            for (String regex : regexes) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, regex, "not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
                }
            }
        }

        public static List<Pattern> compile(List<String> regexes) {
            return regexes.stream().map(Pattern::compile).toList();
        }

        @Override
        public String toString() {
            return "list of regular expressions";
        }
    }

    /** The class must implement {@link ReplicationPolicy} and have a public no-argument constructor. */
    public static final class ReplicationPolicyValidator implements ConfigDef.Validator {
        public static final ReplicationPolicyValidator INSTANCE = new ReplicationPolicyValidator();

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return; // a class that failed to load is already reported as such
            }
            Class<?> type = (Class<?>) value;
            if (!ReplicationPolicy.class.isAssignableFrom(type)) {
                throw new ConfigException(name, type.getName(),
                    "must implement " + ReplicationPolicy.class.getName());
            }
            try {
                type.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new ConfigException(name, type.getName(), "needs a public no-argument constructor");
            }
        }

        @Override
        public String toString() {
            return "a class implementing " + ReplicationPolicy.class.getName();
        }
    }

    /** -1 (broker default) or at least 1. */
    public static final class ReplicationFactorValidator implements ConfigDef.Validator {
        public static final ReplicationFactorValidator INSTANCE = new ReplicationFactorValidator();

        @Override
        public void ensureValid(String name, Object value) {
            int factor = (Integer) value;
            if (factor != -1 && (factor < 1 || factor > Short.MAX_VALUE)) {
                throw new ConfigException(name, value, "must be -1 (the broker's default) or between 1 and " + Short.MAX_VALUE);
            }
        }

        @Override
        public String toString() {
            return "-1, or [1,...]";
        }
    }

}
