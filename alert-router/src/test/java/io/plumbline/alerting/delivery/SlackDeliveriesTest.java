package io.plumbline.alerting.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.alerting.slack.SlackClient;
import io.plumbline.alerting.slack.SlackMessage;
import io.plumbline.alerting.slack.SlackProperties;
import io.plumbline.events.EventCodec;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.localstack.testing.PlumblineStack;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The retry budget against a stub speaking Slack's documented answers: a 429 with {@code Retry-After} is Slack's pace
 * and waits without using up one of {@code max-attempts}; only {@code max-rate-limited-waits} bounds it. A 5xx is a
 * failure and does count. Outcomes are published to the real broker.
 */
class SlackDeliveriesTest {

    private static final SlackDeliveries.Cause CAUSE = new SlackDeliveries.Cause("alert HighLatency", "e-1", "test");
    private final WireMockServer slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final SlackMessage message = new SlackMessage("#ops", "[FATAL ERROR] X", "#d00000", List.of(), null, null);
    private KafkaTemplate<String, byte[]> kafka;

    @BeforeEach
    void start() {
        slack.start();
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PlumblineStack.get().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    @AfterEach
    void stop() {
        slack.stop();
        kafka.destroy();
    }

    /** Slack answers {@code answers} in order, then 200 with a ts. */
    private void slackAnswers(ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "answer-" + (i + 1);
            slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("slack").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("slack").whenScenarioStateIs(state)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1401383885.000061\"}")));
    }

    private static ResponseDefinitionBuilder rateLimited() {
        return aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"ok\":false,\"error\":\"ratelimited\"}");
    }

    private static ResponseDefinitionBuilder unavailable() {
        return aResponse().withStatus(503);
    }

    private SlackDeliveries deliveries(int maxAttempts, int maxRateLimitedWaits) {
        SlackProperties properties = new SlackProperties(URI.create(slack.baseUrl() + "/api"), "xoxb-test", null, "#ops",
                null, "ko", "classpath:/slack/", List.of(), Duration.ofMillis(10), maxAttempts, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(2), 10, maxRateLimitedWaits);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new SlackDeliveries(new SlackClient(properties, JsonMapper.builder().build()), new ChannelGate(properties),
                properties, new EventPublisher(kafka, new EventCodec("/alert-router-test"), meters), meters);
    }

    @Test
    void rateLimitedAnswersDoNotUseUpTheAttempts() throws Exception {
        slackAnswers(rateLimited(), rateLimited(), rateLimited());

        SlackClient.Posted posted = deliveries(2, 10).deliver(message, CAUSE, () -> true);

        assertThat(posted.ts()).as("delivered after three 429s with a budget of two failed attempts").isEqualTo("1401383885.000061");
        slack.verify(4, postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }

    @Test
    void failuresDoUseUpTheAttempts() {
        slackAnswers(unavailable(), unavailable(), unavailable());

        assertThatThrownBy(() -> deliveries(2, 10).deliver(message, CAUSE, () -> true))
                .isInstanceOf(SlackDeliveries.Undeliverable.class);
        slack.verify(2, postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }

    @Test
    void aSlackThatNeverStopsRefusingIsGivenUpAfterTheRateLimitedWaits() {
        slackAnswers(rateLimited(), rateLimited(), rateLimited(), rateLimited());

        assertThatThrownBy(() -> deliveries(8, 2).deliver(message, CAUSE, () -> true))
                .isInstanceOf(SlackDeliveries.Undeliverable.class).hasMessageContaining("429");
        slack.verify(3, postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }

    @Test
    void mixedRefusalsCountOnlyTheFailures() throws Exception {
        slackAnswers(rateLimited(), unavailable(), rateLimited(), rateLimited());

        SlackClient.Posted posted = deliveries(2, 10).deliver(message, CAUSE, () -> true);

        assertThat(posted.channel()).isEqualTo("C0OPS");
        slack.verify(5, postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }
}
