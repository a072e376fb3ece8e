package io.plumbline.status.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.status.projection.LiveFeed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Loki client and the log stream against a stub answering in Loki's documented query_range format. */
class LokiLogStreamTest {

    private static final String QUERY = "{namespace=\"plumbline\"} |= \"ERROR\"";
    private final Instant now = Instant.parse("2026-11-25T01:00:00Z");
    private final long nowNs = now.getEpochSecond() * 1_000_000_000L;
    private WireMockServer loki;

    @BeforeEach
    void start() {
        loki = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        loki.start();
    }

    @AfterEach
    void stop() {
        loki.stop();
    }

    /** Loki's answer to a log query: streams, each with its labels and [ns, line] values (Loki 3: optional metadata). */
    private static String streams(String... streams) {
        return """
                {"status":"success","data":{"resultType":"streams","result":[%s],
                 "stats":{"summary":{"bytesProcessedPerSecond":1024,"linesProcessedPerSecond":10,"totalBytesProcessed":2048,
                 "totalLinesProcessed":20,"execTime":0.002}}}}""".formatted(String.join(",", streams));
    }

    private static String stream(String pod, String... values) {
        return "{\"stream\":{\"namespace\":\"plumbline\",\"pod\":\"" + pod + "\",\"container\":\"app\"},\"values\":["
                + String.join(",", values) + "]}";
    }

    private static String value(long ns, String line) {
        return "[\"" + ns + "\",\"" + line.replace("\"", "\\\"") + "\"]";
    }

    private LogStream logStream() {
        return new LogStream(new LogsProperties(URI.create(loki.baseUrl()), QUERY, Duration.ofSeconds(10), Duration.ofMinutes(15),
                200, 50, Duration.ofSeconds(2)), new LiveFeed(), new SimpleMeterRegistry());
    }

    @Test
    void readsEveryStreamsLinesOldestFirstWithTheirLabels() {
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(okJson(streams(
                stream("booking-api-7d9c", value(nowNs - 2_000_000_000L, "ERROR HikariPool-1 - Connection is not available"),
                        "[\"" + (nowNs - 500_000_000L) + "\",\"ERROR writer lost\",{\"trace_id\":\"abc\"}]"),
                stream("alert-router-55f1", value(nowNs - 1_000_000_000L, "ERROR Slack answered 500"))))));

        List<LokiClient.LogLine> lines = new LokiClient(URI.create(loki.baseUrl()), Duration.ofSeconds(2))
                .queryRange(QUERY, nowNs - 60_000_000_000L, nowNs, 100);

        assertThat(lines).extracting(LokiClient.LogLine::line).containsExactly(
                "ERROR HikariPool-1 - Connection is not available", "ERROR Slack answered 500", "ERROR writer lost");
        assertThat(lines.get(1).labels()).containsEntry("pod", "alert-router-55f1").containsEntry("namespace", "plumbline");
        assertThat(lines.get(2).at()).isEqualTo(now.minusMillis(500));
        LoggedRequest request = loki.findAll(getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range"))).get(0);
        assertThat(request.queryParameter("query").firstValue()).isEqualTo(QUERY);
        assertThat(request.queryParameter("start").firstValue()).isEqualTo(Long.toString(nowNs - 60_000_000_000L));
        assertThat(request.queryParameter("end").firstValue()).isEqualTo(Long.toString(nowNs));
        assertThat(request.queryParameter("limit").firstValue()).isEqualTo("100");
        assertThat(request.queryParameter("direction").firstValue()).isEqualTo("forward");
    }

    @Test
    void refusalsAndNonLogAnswersAreErrors() {
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(aResponse().withStatus(400)
                .withBody("parse error at line 1, col 2: syntax error: unexpected IDENTIFIER")));
        LokiClient client = new LokiClient(URI.create(loki.baseUrl()), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.queryRange("{bad", 0, 1, 10)).hasMessageContaining("400").hasMessageContaining("parse error");

        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(okJson(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")));
        assertThatThrownBy(() -> client.queryRange("rate({a=\"b\"}[1m])", 0, 1, 10)).hasMessageContaining("matrix");
    }

    @Test
    void pollsContinueFromTheNewestLineWithoutRepeatingIt() {
        LogStream stream = logStream();
        long t1 = nowNs - 3_000_000_000L;
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(okJson(streams(
                stream("booking-api-7d9c", value(t1 - 1_000_000_000L, "ERROR first"), value(t1, "ERROR second"))))));

        assertThat(stream.poll(now)).isEqualTo(2);
        assertThat(loki.findAll(getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range"))).get(0)
                .queryParameter("start").firstValue()).as("the first poll looks back 15 min")
                .isEqualTo(Long.toString(nowNs - Duration.ofMinutes(15).toNanos()));

        // Loki's start is inclusive: the next answer repeats the newest line, plus a new one
        loki.resetRequests();
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(okJson(streams(
                stream("booking-api-7d9c", value(t1, "ERROR second"), value(t1 + 1, "ERROR third"))))));
        assertThat(stream.poll(now.plusSeconds(10))).isEqualTo(1);
        loki.verify(getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range")).withQueryParam("start", equalTo(Long.toString(t1))));

        assertThat(stream.recent()).extracting(LogStream.Line::line).containsExactly("ERROR third", "ERROR second", "ERROR first");
        assertThat(stream.recent().get(0).source()).isEqualTo("booking-api-7d9c");
        assertThat(stream.lastError()).isNull();
    }

    @Test
    void aFailedPollIsRetriedFromTheSamePoint() {
        LogStream stream = logStream();
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(okJson(streams(
                stream("p", value(nowNs - 5, "ERROR a"))))));
        stream.poll(now);
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(aResponse().withStatus(503).withBody("too busy")));
        assertThatThrownBy(() -> stream.poll(now.plusSeconds(10))).hasMessageContaining("503");
        assertThat(stream.lastError()).contains("503");

        loki.resetRequests();
        loki.stubFor(get(urlPathEqualTo("/loki/api/v1/query_range")).willReturn(okJson(streams(
                stream("p", value(nowNs - 5, "ERROR a"), value(nowNs + 9_000_000_000L, "ERROR b"))))));
        assertThat(stream.poll(now.plusSeconds(20))).isEqualTo(1);
        loki.verify(getRequestedFor(urlPathEqualTo("/loki/api/v1/query_range")).withQueryParam("start", equalTo(Long.toString(nowNs - 5))));
        assertThat(stream.lastError()).isNull();
    }
}
