package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Actuator lives on the management port only, and shows anonymous callers no health details. */
class ManagementPortTest extends StatusProjectorTestSupport {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void actuatorAnswersOnTheManagementPortAndNotOnTheConsolePort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> health = get(managementPort, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"").doesNotContain("components", "diskSpace", "details");
        HttpResponse<String> prometheus = get(managementPort, "/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_");
        HttpResponse<String> metrics = get(managementPort, "/actuator/metrics");
        assertThat(metrics.statusCode()).as("metrics need an admin: the console's chain sends anonymous callers to sign in")
                .isIn(302, 401, 403);
        assertThat(metrics.body()).doesNotContain("jvm.memory.used");

        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/info"}) {
            assertThat(get(port, path).statusCode()).as("console port " + path).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
