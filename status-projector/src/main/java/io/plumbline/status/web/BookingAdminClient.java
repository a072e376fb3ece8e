package io.plumbline.status.web;

import io.plumbline.status.console.ConsoleProperties;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Calls booking-api's admin API ({@code /api/admin/**}) with the console's service credential (HTTP Basic) and the
 * acting admin's name in {@code X-Plumbline-Actor}; booking-api owns bookings and audits the change on its side.
 */
@Component
class BookingAdminClient {

    static final Set<String> STATUSES = Set.of("RECEIVED", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "CANCELLED");

    private final ConsoleProperties.BookingApi api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    BookingAdminClient(ConsoleProperties properties) {
        this.api = properties.bookingApi();
    }

    /** @throws BookingApiException with booking-api's answer when it refuses or cannot be reached */
    void changeStatus(String code, String status, String actor) {
        if (!code.matches("[A-Z0-9-]{1,32}")) {
            throw new IllegalArgumentException("code: not a booking number");
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status: unknown status " + status);
        }
        if (api.username() == null || api.password() == null) {
            throw new BookingApiException("plumbline.console.booking-api.username/password are not set");
        }
        String body = "{\"status\":\"" + status + "\"}";
        HttpRequest request = HttpRequest.newBuilder(api.url().resolve("/api/admin/bookings/" + code + "/status"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (api.username() + ":" + api.password()).getBytes(StandardCharsets.UTF_8)))
                .header("X-Plumbline-Actor", actor)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new BookingApiException("booking-api answered " + response.statusCode() + ": " + abbreviate(response.body()));
            }
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

    static class BookingApiException extends RuntimeException {

        BookingApiException(String message) {
            super(message);
        }
    }
}
