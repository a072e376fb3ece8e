package io.plumbline.booking.booking.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.plumbline.booking.BookingApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The look-up limit counts the peer that connected: a client cannot choose its own address with X-Forwarded-For. */
class ClientAddressTest extends BookingApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rotatingXForwardedForFromAnUntrustedPeerIsCountedAsThatPeer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> spoofed = List.of("203.0.113.11", "203.0.113.12", "10.1.2.3", "192.168.7.7", "198.51.100.99");
        long before = hitsOf("127.0.0.1");
        for (String address : spoofed) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/bookings/RES-1?phoneLast4=1234")))
                    .header("X-Forwarded-For", address).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
        assertThat(hitsOf("127.0.0.1") - before).isGreaterThanOrEqualTo(spoofed.size());
        for (String address : spoofed) {
            assertThat(hitsOf(address)).as(address).isZero();
        }
    }

    private long hitsOf(String client) {
        Long hits = jdbc.queryForObject("SELECT COALESCE(SUM(hits), 0) FROM lookup_rate WHERE client = ?", Long.class, client);
        return hits == null ? 0 : hits;
    }
}
