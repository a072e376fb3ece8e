package io.plumbline.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every full-context test of this module: real broker, real primary/replica. booking-api is
 * not started here: its admin API is a WireMock stub ({@link #bookingApi()}) that tests program and verify.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(PlumblineStack.class)
@ActiveProfiles("test")
abstract class StatusProjectorTestSupport {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.STATUS_PROJECTOR);
        registry.add("plumbline.console.booking-api.url", () -> bookingApi().baseUrl());
    }

    private static WireMockServer bookingApi;

    /** The stand-in for booking-api's admin API, started once per test JVM. */
    static synchronized WireMockServer bookingApi() {
        if (bookingApi == null) {
            bookingApi = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            bookingApi.start();
            WireMockServer started = bookingApi;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "booking-api-stub-stop"));
        }
        return bookingApi;
    }

    static String adminPassword() {
        return PlumblineStack.properties(ServiceDefinition.STATUS_PROJECTOR).get("plumbline.console.first-admin.password");
    }

    static String bootstrapServers() {
        return PlumblineStack.get().kafkaBootstrapServers();
    }
}
