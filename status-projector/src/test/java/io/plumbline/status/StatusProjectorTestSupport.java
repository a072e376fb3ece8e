package io.plumbline.status;

import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One Spring context for every full-context test of this module: real broker, real primary/replica. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(PlumblineStack.class)
@ActiveProfiles("test")
abstract class StatusProjectorTestSupport {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.STATUS_PROJECTOR);
    }

    static String adminPassword() {
        return PlumblineStack.properties(ServiceDefinition.STATUS_PROJECTOR).get("plumbline.console.first-admin.password");
    }

    static String bootstrapServers() {
        return PlumblineStack.get().kafkaBootstrapServers();
    }
}
