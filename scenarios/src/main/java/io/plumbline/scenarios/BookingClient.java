package io.plumbline.scenarios;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** booking-api as a customer's browser uses it: book a repair, look a booking up. */
final class BookingClient {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Pattern CODE = Pattern.compile("\"(?:bookingCode|code)\"\\s*:\\s*\"(RES-[0-9]{8}-[A-Z0-9]+)\"");
    private static final String[] ISSUES = {"LEAK", "CLOG", "BOILER"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    BookingClient(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    /** A booking request of a simulated customer, spread over the coming weeks' slots. */
    static Request newRequest(int customer) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        LocalDate day = LocalDate.now(SEOUL).plusDays(2 + r.nextInt(40));
        LocalTime time = LocalTime.of(9 + r.nextInt(9), 0);
        String phone = String.format("010-%04d-%04d", r.nextInt(10_000), r.nextInt(10_000));
        return new Request(UUID.randomUUID().toString(), "고객" + customer, phone, "서울시 강남구 테헤란로 " + (1 + r.nextInt(500)),
                ISSUES[r.nextInt(ISSUES.length)], "시나리오 부하 " + customer, ZonedDateTime.of(day, time, SEOUL));
    }

    Outcome book(Request request) {
        String body = """
                {"name":"%s","phone":"%s","address":"%s","issueType":"%s","description":"%s","slotStart":"%s"}"""
                .formatted(request.name(), request.phone(), request.address(), request.issueType(), request.description(),
                        request.slotStart().toOffsetDateTime());
        HttpRequest http = HttpRequest.newBuilder(base.resolve("/api/bookings"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", request.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send("book", http, request);
    }

    Outcome lookUp(String code, String phone) {
        String last4 = phone.substring(phone.length() - 4);
        HttpRequest http = HttpRequest.newBuilder(base.resolve("/api/bookings/" + code + "?phoneLast4=" + last4))
                .timeout(Duration.ofSeconds(15)).header("X-Phone-Last4", last4).GET().build();
        return send("lookup", http, null);
    }

    private Outcome send(String operation, HttpRequest request, Request booking) {
        Instant start = Instant.now();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String code = null;
            Matcher m = CODE.matcher(response.body());
            if (m.find()) {
                code = m.group(1);
            }
            return new Outcome(operation, start, Duration.between(start, Instant.now()), response.statusCode(), code, booking,
                    response.statusCode() >= 300 ? abbreviate(response.body()) : null, base.toString());
        } catch (HttpTimeoutException e) {
            return new Outcome(operation, start, Duration.between(start, Instant.now()), -1, null, booking, "timeout", base.toString());
        } catch (IOException e) {
            return new Outcome(operation, start, Duration.between(start, Instant.now()), -2, null, booking,
                    "connection: " + e.getMessage(), base.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(operation, start, Duration.ZERO, -3, null, booking, "interrupted", base.toString());
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    record Request(String idempotencyKey, String name, String phone, String address, String issueType,
            String description, ZonedDateTime slotStart) {
    }

    /**
     * What a customer saw.
     *
     * @param status  HTTP status, or -1 timeout, -2 connection failure
     * @param replica the booking-api replica asked (its base URL)
     */
    record Outcome(String operation, Instant at, Duration latency, int status, String bookingCode, Request request,
            String problem, String replica) {

        boolean accepted() {
            return operation.equals("book") && status == 201;
        }

        boolean refused() {
            return status == 503 || status == 409 || status == 429;
        }

        boolean failed() {
            return status < 0 || (status >= 500 && status != 503);
        }
    }
}
