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
 * not started here: its admin API is a WireMock stub ({@link #bookingApi()}) that tests program and verify; Loki is one
 * too ({@link #loki()}), answering an empty log query until a test programs it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(PlumblineStack.class)
@ActiveProfiles("test")
abstract class StatusProjectorTestSupport {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.STATUS_PROJECTOR);
        registry.add("plumbline.console.booking-api.url", () -> bookingApi().baseUrl());
        registry.add("plumbline.logs.loki-url", () -> loki().baseUrl());
        // plain http here; ReplicasTest's second replica keeps the shipped default (Secure) and checks it
        registry.add("server.servlet.session.cookie.secure", () -> "false");
    }

    private static WireMockServer loki;

    /** The stand-in for Loki's query API; by default no log lines (Loki's empty streams answer). */
    static synchronized WireMockServer loki() {
        if (loki == null) {
            loki = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            loki.start();
            lokiAnswers("");
            WireMockServer started = loki;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "loki-stub-stop"));
        }
        return loki;
    }

    /** Programs the Loki stub to answer every log query with these streams (JSON objects, comma-separated). */
    static void lokiAnswers(String streams) {
        loki().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/loki/api/v1/query_range"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[" + streams + "]}}")));
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
