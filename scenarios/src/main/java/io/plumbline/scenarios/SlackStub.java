package io.plumbline.scenarios;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Slack's Web API as a WireMock stub that records what it receives: {@code chat.postMessage} and
 * {@code chat.update} answer like Slack ({@code ok}, {@code channel}, a unique {@code ts}), incoming webhooks
 * answer {@code ok}. It can be taken down and can answer 429 with {@code Retry-After}, as Slack does.
 */
final class SlackStub implements AutoCloseable {

    private final WireMockServer server;

    SlackStub(int port) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").port(port).globalTemplating(true));
        server.start();
        answerNormally();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    void answerNormally() {
        server.resetMappings();
        server.stubFor(post(urlPathMatching("/api/chat\\.(postMessage|update)")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":true,\"channel\":\"C0PLUMBLINE\",\"ts\":\"{{now format='epoch'}}.{{randomValue length=6 type='NUMERIC'}}\"}")));
        server.stubFor(post(urlPathMatching("/services/.*")).willReturn(aResponse().withBody("ok")));
    }

    /** Every request is refused with 429 and the given Retry-After, as Slack does when rate limiting. */
    void rateLimit(int retryAfterSeconds) {
        server.resetMappings();
        server.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
    }

    /** Slack unreachable: connections are reset. */
    void down() {
        server.resetMappings();
        server.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse()
                .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** Messages Slack accepted (2xx), oldest first. */
    List<Message> delivered() {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 200)
                .filter(e -> e.getRequest().getUrl().startsWith("/api/chat.") || e.getRequest().getUrl().startsWith("/services/"))
                .map(SlackStub::message)
                .sorted(java.util.Comparator.comparing(Message::at))
                .toList();
    }

    private static Message message(ServeEvent e) {
        String url = e.getRequest().getUrl();
        String method = url.startsWith("/api/") ? url.substring(5).split("\\?")[0] : "webhook";
        return new Message(e.getRequest().getLoggedDate().toInstant(), method, e.getRequest().getBodyAsString());
    }

    record Message(Instant at, String method, String body) {

        boolean isThreadReply() {
            return body.contains("\"thread_ts\"");
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
