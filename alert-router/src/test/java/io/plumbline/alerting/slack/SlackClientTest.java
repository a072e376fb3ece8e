package io.plumbline.alerting.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The two transports against a stub speaking Slack's documented responses. */
class SlackClientTest {

    private final WireMockServer slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final SlackMessage message = new SlackMessage("#ops", "[FATAL ERROR] X", "#d00000",
            List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*[FATAL ERROR] X*"))), null, null);

    @BeforeEach
    void start() {
        slack.start();
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    private SlackClient client(String botToken, URI webhook) {
        return new SlackClient(new SlackProperties(URI.create(slack.baseUrl() + "/api"), botToken, webhook, "#ops", null,
                "ko", "classpath:/slack/", List.of(), Duration.ofSeconds(1), 3, Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofSeconds(2), 10, 60), JsonMapper.builder().build());
    }

    @Test
    void incomingWebhookPostsTheMessageWithoutChannelOrToken() {
        slack.stubFor(post(urlPathEqualTo("/services/T1/B1/x")).willReturn(aResponse().withBody("ok")));
        SlackClient.Posted posted = client(null, URI.create(slack.baseUrl() + "/services/T1/B1/x")).send(message);
        assertThat(posted.ts()).isNull();
        slack.verify(postRequestedFor(urlPathEqualTo("/services/T1/B1/x")).withoutHeader("Authorization")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.attachments[0].color",
                        equalTo("#d00000"))));
    }

    @Test
    void botTokenUsesChatPostMessageAndReturnsTheTs() {
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse()
                .withBody("{\"ok\":true,\"channel\":\"C024BE91L\",\"ts\":\"1401383885.000061\"}")));
        SlackClient.Posted posted = client("xoxb-1", null).send(message);
        assertThat(posted.ts()).isEqualTo("1401383885.000061");
        assertThat(posted.channel()).isEqualTo("C024BE91L");
        slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")).withHeader("Authorization", equalTo("Bearer xoxb-1")));
    }

    @Test
    void classifiesSlackErrors() {
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7").withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        assertThatThrownBy(() -> client("xoxb-1", null).send(message)).isInstanceOfSatisfying(SlackException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse()
                .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        assertThatThrownBy(() -> client("xoxb-1", null).send(message))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.retryable()).isFalse());
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> client("xoxb-1", null).send(message))
                .isInstanceOfSatisfying(SlackException.class, e -> assertThat(e.retryable()).isTrue());
    }
}
