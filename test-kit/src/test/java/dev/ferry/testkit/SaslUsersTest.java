package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class SaslUsersTest {

    private final SaslUsers users = new SaslUsers("admin", "admin-pw", Map.of("ferry", "ferry-pw"));

    @Test
    void brokerPropsSecureBothListenersAndKnowEveryUser() {
        Map<String, String> props = users.brokerProps();

        assertEquals("CONTROLLER:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT", props.get("listener.security.protocol.map"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", props.get("authorizer.class.name"));
        assertEquals("false", props.get("allow.everyone.if.no.acl.found"));
        assertEquals("User:admin", props.get("super.users"));
        String jaas = props.get("listener.name.external.plain.sasl.jaas.config");
        assertEquals(jaas, props.get("listener.name.controller.plain.sasl.jaas.config"));
        assertTrue(jaas.contains("username=\"admin\" password=\"admin-pw\""), jaas);
        assertTrue(jaas.contains("user_admin=\"admin-pw\"") && jaas.contains("user_ferry=\"ferry-pw\""), jaas);
        assertTrue(jaas.endsWith(";"), jaas);
    }

    @Test
    void clientSettingsArePrefixedAndLogInAsTheUser() {
        Map<String, String> settings = users.clientSettings("source.cluster.", "ferry");

        assertEquals(Map.of(
            "source.cluster.security.protocol", "SASL_PLAINTEXT",
            "source.cluster.sasl.mechanism", "PLAIN",
            "source.cluster.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ferry\" password=\"ferry-pw\";"),
            settings);
        assertThrows(IllegalArgumentException.class, () -> users.clientSettings("", "stranger"));
    }

    @Test
    void scramUsersOverTlsLogInWithScramWhileTheSuperUserKeepsPlain() {
        SaslUsers scram = new SaslUsers("admin", "admin-pw", Map.of("ferry", "ferry-pw"), ClusterSecurity.Mechanism.SCRAM_SHA_512, true);
        Map<String, String> props = scram.brokerProps();

        // lower case, so that EmbeddedKafkaCluster leaves the kit's client settings alone
        assertEquals("CONTROLLER:SASL_PLAINTEXT,EXTERNAL:sasl_ssl", props.get("listener.security.protocol.map"));
        assertEquals("PLAIN,SCRAM-SHA-512", props.get("sasl.enabled.mechanisms"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;",
            props.get("listener.name.external.scram-sha-512.sasl.jaas.config"));
        assertEquals(props.get("listener.name.external.scram-sha-512.sasl.jaas.config"),
            props.get("listener.name.controller.scram-sha-512.sasl.jaas.config"));
        String plain = props.get("listener.name.external.plain.sasl.jaas.config");
        assertTrue(plain.contains("user_admin=") && !plain.contains("user_ferry="), "SCRAM users get no PLAIN password: " + plain);
        assertEquals(Map.of("ferry", "ferry-pw"), scram.scramUsers());

        Map<String, String> ferry = scram.clientSettings("", "ferry");
        assertEquals("SASL_SSL", ferry.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", ferry.get("sasl.mechanism"));
        assertTrue(ferry.get("sasl.jaas.config").startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required"));
        assertEquals("PLAIN", scram.clientSettings("", "admin").get("sasl.mechanism"));
    }

    @Test
    void namesAndPasswordsThatWouldBreakTheJaasStringAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SaslUsers("admin", "pw", Map.of("bad name", "pw")));
        assertThrows(IllegalArgumentException.class, () -> new SaslUsers("admin", "pw", Map.of("ferry", "a\"b")));
        assertThrows(IllegalArgumentException.class, () -> new SaslUsers("admin", "pw", Map.of("ferry", "")));
        assertThrows(IllegalArgumentException.class, () -> new SaslUsers("admin", "pw", Map.of("admin", "other")));
    }

    @Test
    void aclHelpersAllowOneOperationPerBindingFromAnyHost() {
        var bindings = Acls.allowTopicPrefix("ferry", "west.", AclOperation.DESCRIBE, AclOperation.WRITE);

        assertEquals(2, bindings.size());
        AclBinding first = bindings.get(0);
        assertEquals(ResourceType.TOPIC, first.pattern().resourceType());
        assertEquals(PatternType.PREFIXED, first.pattern().patternType());
        assertEquals("User:ferry", first.entry().principal());
        assertEquals("*", first.entry().host());
        assertEquals(AclPermissionType.ALLOW, first.entry().permissionType());
        assertEquals(AclOperation.WRITE, bindings.get(1).entry().operation());
        assertThrows(IllegalArgumentException.class, () -> Acls.allowTopic("ferry", "t"));
    }
}
