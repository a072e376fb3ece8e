package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.Test;

/**
 * Actuator lives on the management port only: the customer port has none of it, and anonymous callers see health's
 * status but not its details (CDC leadership, backlog, disk, exception names).
 */
class ManagementPortTest extends BookingApiTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void actuatorAnswersOnTheManagementPortAndNotOnTheCustomerPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get(managementUrl("/actuator/health/readiness"), null).statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = get(managementUrl("/actuator/prometheus"), null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("plumbline_cdc_leader");
        assertThat(get(managementUrl("/actuator/metrics"), null).statusCode()).as("metrics need the admin client").isEqualTo(401);

        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/info"}) {
            assertThat(get(url(path), null).statusCode()).as("customer port " + path).isEqualTo(404);
        }
        HttpResponse<String> metrics = get(url("/actuator/metrics"), adminClient());
        assertThat(metrics.statusCode()).as("customer port /actuator/metrics, even for the admin client").isEqualTo(404);
    }

    @Test
    void healthDetailsOnlyForTheAdminClient() throws Exception {
        HttpResponse<String> anonymous = get(managementUrl("/actuator/health"), null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"status\"").doesNotContain("components", "cdc", "outboxBacklog", "diskSpace");

        HttpResponse<String> admin = get(managementUrl("/actuator/health"), adminClient());
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"components\"", "\"cdc\"", "outboxBacklog");
    }

    private static String adminClient() {
        String password = PlumblineStack.properties(ServiceDefinition.BOOKING_API).get("plumbline.booking.admin.password");
        return "Basic " + Base64.getEncoder().encodeToString(("console:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
