package io.plumbline.status.bookingapi;

import io.plumbline.status.console.ConsoleProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls booking-api's admin API ({@code /api/admin/**}) with the console's service credential (HTTP Basic) and the
 * acting admin's name in {@code X-Plumbline-Actor}; booking-api owns bookings and announcements and audits the change
 * on its side. Input is checked here first, so a malformed request never reaches booking-api.
 */
@Component
public class BookingAdminClient {

    static final Set<String> STATUSES = Set.of("RECEIVED", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "CANCELLED");

    /** booking-api's limits on an announcement ({@code AdminController.AnnouncementForm}). */
    public static final int TITLE_MAX = 200;
    public static final int BODY_MAX = 4000;

    private final ConsoleProperties.BookingApi api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    BookingAdminClient(ConsoleProperties properties) {
        this.api = properties.bookingApi();
    }

    /** An announcement as booking-api stores it. */
    public record Announcement(String id, String title, String body, boolean pinned, String createdBy, Instant createdAt,
            Instant updatedAt) {
    }

    /** @throws BookingApiException with booking-api's answer when it refuses or cannot be reached */
    public void changeStatus(String code, String status, String actor) {
        if (!code.matches("[A-Z0-9-]{1,32}")) {
            throw new IllegalArgumentException("code: not a booking number");
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status: unknown status " + status);
        }
        send(request("/api/admin/bookings/" + code + "/status", actor)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("status", status)))));
    }

    /** Every announcement booking-api holds, pinned first. */
    public List<Announcement> announcements() {
        return json.readValue(send(request("/api/admin/announcements", null).GET()), new TypeReference<List<Announcement>>() { });
    }

    /** Publishes a new announcement; returns it with the id booking-api gave it. */
    public Announcement publish(String title, String body, boolean pinned, String actor) {
        String form = form(title, body, pinned);
        return json.readValue(send(request("/api/admin/announcements", actor).POST(HttpRequest.BodyPublishers.ofString(form))),
                Announcement.class);
    }

    public Announcement edit(String id, String title, String body, boolean pinned, String actor) {
        String form = form(title, body, pinned);
        return json.readValue(send(request("/api/admin/announcements/" + id(id), actor)
                .PUT(HttpRequest.BodyPublishers.ofString(form))), Announcement.class);
    }

    public void withdraw(String id, String actor) {
        send(request("/api/admin/announcements/" + id(id), actor).DELETE());
    }

    private String form(String title, String body, boolean pinned) {
        if (title == null || title.isBlank() || title.strip().length() > TITLE_MAX) {
            throw new IllegalArgumentException("title: must not be blank (max " + TITLE_MAX + ")");
        }
        if (body == null || body.isBlank() || body.strip().length() > BODY_MAX) {
            throw new IllegalArgumentException("body: must not be blank (max " + BODY_MAX + ")");
        }
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("title", title.strip());
        form.put("body", body.strip());
        form.put("pinned", pinned);
        return json.writeValueAsString(form);
    }

    private static String id(String id) {
        if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("id: not an announcement id");
        }
        return id;
    }

    private HttpRequest.Builder request(String path, String actor) {
        if (api.username() == null || api.password() == null) {
            throw new BookingApiException("plumbline.console.booking-api.username/password are not set");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url().toString().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (api.username() + ":" + api.password()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json");
        if (actor != null) {
            request.header("X-Plumbline-Actor", actor);
        }
        return request;
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new BookingApiException("booking-api answered " + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new BookingApiException("booking-api unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingApiException("interrupted");
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) : s;
    }

    public static class BookingApiException extends RuntimeException {

        BookingApiException(String message) {
            super(message);
        }
    }
}
