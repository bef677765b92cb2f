package dev.ferry.it;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.OptionalDouble;

/** Reads Ferry's task metrics the way an operator's JMX tool would: from the worker JVM's MBean server. */
final class Jmx {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private Jmx() {
    }

    /** A partition metric of a connector's task, or empty while it is not registered. */
    static OptionalDouble partitionMetric(String connector, String topic, int partition, String metric) {
        return metric("kafka.connect:type=plugins,connector=" + connector + ",topic=" + topic + ",partition=" + partition + ",*", metric);
    }

    static OptionalDouble metric(String pattern, String attribute) {
        try {
            for (ObjectName name : SERVER.queryNames(new ObjectName(pattern), null)) {
                Object value = SERVER.getAttribute(name, attribute);
                if (value instanceof Number number) {
                    return OptionalDouble.of(number.doubleValue());
                }
            }
            return OptionalDouble.empty();
        } catch (Exception e) {
            return OptionalDouble.empty();
        }
    }
}
