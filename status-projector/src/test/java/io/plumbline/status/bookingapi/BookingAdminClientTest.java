package io.plumbline.status.bookingapi;

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
        server.createContext("/api/admin/announcements", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("path", exchange.getRequestURI().getPath());
            seen.put("actor", String.valueOf(exchange.getRequestHeaders().getFirst("X-Plumbline-Actor")));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String reply = switch (exchange.getRequestMethod()) {
                case "GET" -> "[" + ANNOUNCEMENT + "]";
                case "DELETE" -> null;
                default -> ANNOUNCEMENT;
            };
            int status = answer != 200 ? answer : reply == null ? 204 : "POST".equals(exchange.getRequestMethod()) ? 201 : 200;
            byte[] body = (answer != 200 ? "{\"title\":\"Not Found\",\"status\":404}" : reply == null ? "" : reply)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** booking-api's {@code Announcement} as its Jackson writes it (ISO instants). */
    private static final String ANNOUNCEMENT = "{\"id\":\"5f0c9a8e-1b2c-4d3e-8f00-123456789abc\",\"title\":\"설 연휴 안내\","
            + "\"body\":\"2월 9일~12일 휴무\",\"pinned\":true,\"createdBy\":\"kim\",\"createdAt\":\"2026-11-25T01:00:00Z\","
            + "\"updatedAt\":\"2026-11-25T02:00:00Z\"}";

    private BookingAdminClient client(String password) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new BookingAdminClient(new ConsoleProperties(new ConsoleProperties.FirstAdmin(null, null),
                ConsoleProperties.LoginThrottle.defaults(),
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

    @Test
    void announcementsAreListedCreatedEditedAndWithdrawnWithTheActingAdmin() {
        BookingAdminClient client = client("s3cret");
        assertThat(client.announcements()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("5f0c9a8e-1b2c-4d3e-8f00-123456789abc");
            assertThat(a.pinned()).isTrue();
            assertThat(a.updatedAt()).isEqualTo(java.time.Instant.parse("2026-11-25T02:00:00Z"));
        });

        BookingAdminClient.Announcement created = client.publish(" 설 연휴 안내 ", "2월 9일~12일 휴무", true, "kim");
        assertThat(created.title()).isEqualTo("설 연휴 안내");
        assertThat(seen).containsEntry("method", "POST").containsEntry("path", "/api/admin/announcements")
                .containsEntry("actor", "kim")
                .containsEntry("body", "{\"title\":\"설 연휴 안내\",\"body\":\"2월 9일~12일 휴무\",\"pinned\":true}");

        client.edit(created.id(), "설 연휴 안내 (변경)", "2월 9일~11일 휴무", false, "lee");
        assertThat(seen).containsEntry("method", "PUT").containsEntry("path", "/api/admin/announcements/" + created.id())
                .containsEntry("actor", "lee");
        assertThat(seen.get("body")).contains("\"pinned\":false");

        client.withdraw(created.id(), "park");
        assertThat(seen).containsEntry("method", "DELETE").containsEntry("path", "/api/admin/announcements/" + created.id())
                .containsEntry("actor", "park");
    }

    @Test
    void announcementInputIsCheckedBeforeCallingAndRefusalsAreReported() {
        BookingAdminClient client = client("s3cret");
        assertThatThrownBy(() -> client.publish(" ", "body", false, "kim"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("title");
        assertThatThrownBy(() -> client.publish("t", "x".repeat(4001), false, "kim"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("body");
        assertThatThrownBy(() -> client.withdraw("../bookings", "kim"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id");
        assertThat(seen).isEmpty();
        answer = 404;
        assertThatThrownBy(() -> client.withdraw("gone", "kim"))
                .isInstanceOf(BookingAdminClient.BookingApiException.class).hasMessageContaining("404");
    }
}
