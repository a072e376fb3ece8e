package io.plumbline.scenarios;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's Web API as a WireMock stub that records what it receives: {@code chat.postMessage} and
 * {@code chat.update} answer like Slack ({@code ok}, {@code channel}, a unique {@code ts}), incoming webhooks
 * answer {@code ok}. It can be taken down and can answer 429 with {@code Retry-After}, as Slack does.
 * <p>
 * A fault is one mapping of the highest priority laid over the normal ones and replaced in place, so switching
 * between modes never leaves a moment without a mapping (WireMock would answer 404, which a client rightly treats as
 * a permanent failure).
 */
final class SlackStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID FAULT = UUID.randomUUID();

    private final WireMockServer server;
    private boolean faulted;

    SlackStub(int port) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").port(port).globalTemplating(true));
        server.start();
        server.stubFor(post(urlPathMatching("/api/chat\\.(postMessage|update)")).atPriority(5).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":true,\"channel\":\"C0PLUMBLINE\",\"ts\":\"{{now format='epoch'}}.{{randomValue length=6 type='NUMERIC'}}\"}")));
        server.stubFor(post(urlPathMatching("/services/.*")).atPriority(5).willReturn(aResponse().withBody("ok")));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    synchronized void answerNormally() {
        if (faulted) {
            server.removeStub(FAULT);
            faulted = false;
        }
    }

    /** Every request is refused with 429 and the given Retry-After, as Slack does when rate limiting. */
    void rateLimit(int retryAfterSeconds) {
        fault(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
    }

    /** Slack unreachable: connections are reset. */
    void down() {
        fault(any(urlPathMatching("/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private synchronized void fault(MappingBuilder mapping) {
        mapping.withId(FAULT).atPriority(1);
        if (faulted) {
            server.editStub(mapping);
        } else {
            server.stubFor(mapping);
            faulted = true;
        }
    }

    /** Messages Slack accepted (2xx), oldest first. */
    List<Message> delivered() {
        return received().stream().filter(m -> m.status() == 200).toList();
    }

    /** Every request to a Slack endpoint, whatever it was answered (a reset connection counts as status -1), oldest first. */
    List<Message> received() {
        List<Message> messages = new ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            String url = e.getRequest().getUrl();
            if (url.startsWith("/api/chat.") || url.startsWith("/services/")) {
                messages.add(message(e));
            }
        }
        messages.sort(Comparator.comparing(Message::at));
        return messages;
    }

    private static Message message(ServeEvent e) {
        String url = e.getRequest().getUrl();
        String method = url.startsWith("/api/") ? url.substring(5).split("\\?")[0] : "webhook";
        String body = e.getRequest().getBodyAsString();
        boolean reset = e.getResponseDefinition() != null && e.getResponseDefinition().getFault() != null;
        int status = reset ? -1 : e.getResponse().getStatus();
        JsonNode request = parse(body);
        String ts = null;
        if (status == 200) {
            ts = parse(e.getResponse().getBodyAsString()).path("ts").asString(null);
        }
        StringBuilder text = new StringBuilder(request.path("text").asString(""));
        for (JsonNode attachment : request.path("attachments")) {
            for (JsonNode block : attachment.path("blocks")) {
                text.append('\n').append(block.path("text").path("text").asString(""));
            }
        }
        return new Message(e.getRequest().getLoggedDate().toInstant(), method, status, request.path("channel").asString(null),
                text.toString(), request.path("thread_ts").asString(null), request.path("ts").asString(null), ts, body);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * One request to Slack.
     *
     * @param status   what the stub answered (-1: connection reset)
     * @param text     the message's text and its blocks' mrkdwn, as a reader sees it
     * @param threadTs the message this one replies to ({@code thread_ts}), if any
     * @param updateTs the message this one replaces ({@code chat.update}'s {@code ts}), if any
     * @param ts       the ts Slack gave this message (accepted {@code chat.postMessage} only)
     */
    record Message(Instant at, String method, int status, String channel, String text, String threadTs, String updateTs,
            String ts, String body) {

        boolean isThreadReply() {
            return threadTs != null;
        }

        /** A new message in the channel or a thread (not an edit of an earlier one). */
        boolean isPost() {
            return !method.equals("chat.update");
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
