package io.plumbline.status.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.plumbline.status.console.ConsoleProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's client for booking-api's admin API, against a local HTTP stub speaking its contract. */
class BookingAdminClientTest {

    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile int answer = 200;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/admin/bookings/", exchange -> {
            seen.put("path", exchange.getRequestURI().getPath());
            seen.put("auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put("actor", String.valueOf(exchange.getRequestHeaders().getFirst("X-Plumbline-Actor")));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = (answer == 200 ? "{\"code\":\"RES-20260323-1234\"}"
                    : "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"maintenance\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BookingAdminClient client(String password) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new BookingAdminClient(new ConsoleProperties(new ConsoleProperties.FirstAdmin(null, null),
                new ConsoleProperties.Lockout(5, Duration.ofMinutes(15)),
                new ConsoleProperties.BookingApi(url, "console", password),
                new ConsoleProperties.AllowList(List.of("127.0.0.1/32"), List.of()), url, Duration.ofMinutes(5)));
    }

    @Test
    void sendsTheServiceCredentialAndTheActingAdmin() {
        client("s3cret").changeStatus("RES-20260323-1234", "CONFIRMED", "kim");
        assertThat(seen).containsEntry("path", "/api/admin/bookings/RES-20260323-1234/status")
                .containsEntry("actor", "kim").containsEntry("body", "{\"status\":\"CONFIRMED\"}");
        assertThat(seen.get("auth")).isEqualTo("Basic Y29uc29sZTpzM2NyZXQ=");
    }

    @Test
    void reportsBookingApisRefusalAndRejectsBadInputBeforeCalling() {
        answer = 503;
        assertThatThrownBy(() -> client("x").changeStatus("RES-1", "CONFIRMED", "kim"))
                .isInstanceOf(BookingAdminClient.BookingApiException.class).hasMessageContaining("503");
        seen.clear();
        assertThatThrownBy(() -> client("x").changeStatus("../../x", "CONFIRMED", "kim"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("code");
        assertThatThrownBy(() -> client("x").changeStatus("RES-1", "LOST", "kim"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("status");
        assertThat(seen).isEmpty();
    }
}
