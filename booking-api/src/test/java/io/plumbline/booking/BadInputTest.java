package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid request gets a 4xx problem detail naming the field, never a 500 or a stack trace. */
class BadInputTest extends BookingApiTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    static Stream<Arguments> badBookings() {
        OffsetDateTime slot = freeSlot();
        String ok = bookingJson(slot, "010-1234-5678");
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", "{\"name\":", 400, "JSON"),
                Arguments.of("not an object", "application/json", "[1,2]", 400, null),
                Arguments.of("wrong type", "application/json", ok.replace("\"phone\":\"010-1234-5678\"", "\"phone\":[1]"), 400, "phone"),
                Arguments.of("unknown issue type", "application/json", ok.replace("LEAK", "FIRE"), 400, "issueType"),
                Arguments.of("bad phone", "application/json", ok.replace("010-1234-5678", "12345"), 400, "phone"),
                Arguments.of("missing name", "application/json", ok.replace("\"name\":\"김철수\",", ""), 400, "name"),
                Arguments.of("blank address", "application/json", ok.replace("서울시 강남구 테헤란로 1", " "), 400, "address"),
                Arguments.of("past slot", "application/json", ok.replace(slot.toString(), slot.minusYears(2).toString()), 400, "slotStart"),
                Arguments.of("out-of-hours slot", "application/json", ok.replace(slot.toString(), slot.withHour(22).toString()), 400, "slotStart"),
                Arguments.of("not on the hour", "application/json", ok.replace(slot.toString(), slot.withMinute(17).toString()), 400, "slotStart"),
                Arguments.of("unparseable slot", "application/json", ok.replace(slot.toString(), "next tuesday"), 400, "slotStart"),
                Arguments.of("too long description", "application/json", ok.replace("싱크대 아래 누수", "가".repeat(1001)), 400, "description"),
                Arguments.of("oversized body", "application/json", ok.replace("싱크대 아래 누수", "x".repeat(40_000)), 413, null),
                Arguments.of("wrong media type", "text/plain", ok, 415, null));
    }

    @ParameterizedTest(name = "{0} → {3}")
    @MethodSource("badBookings")
    void badBookingRequestsGetAProblemDetailNamingTheField(String name, String contentType, String body, int status, String field)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/bookings")))
                .header("Content-Type", contentType).header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(response.body()).contains(field);
        }
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("badLookups")
    void badLookUpsAreA4xxNeverA500(String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception");
    }

    static Stream<Arguments> badLookups() {
        return Stream.of(Arguments.of("/api/bookings/RES-1?phoneLast4=1234", 404),
                Arguments.of("/api/bookings/" + "A".repeat(3000) + "?phoneLast4=1234", 404),
                Arguments.of("/api/bookings/RES-20261125-AAAAAA", 404),
                Arguments.of("/api/admin/bookings", 401),
                Arguments.of("/no/such/page", 404));
    }

    @org.junit.jupiter.api.Test
    void koreanIsTheDefaultLanguageOfProblems() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/bookings")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("요청 본문이 올바른 JSON이 아닙니다");
    }
}
