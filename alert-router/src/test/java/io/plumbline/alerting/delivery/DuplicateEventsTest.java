package io.plumbline.alerting.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventPayload;
import io.plumbline.events.Topic;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka delivers at least once (a producer's retry, a CDC leader handing over, a rebalance), so each of the router's
 * consumers must act once per event id: the same event delivered twice posts to Slack once, and the second delivery is
 * counted in {@code plumbline.events.duplicates}. Its own context on its own consumer groups, so the other context of
 * this JVM does not share its partitions.
 */
@SpringBootTest
@ExtendWith(PlumblineStack.class)
@DirtiesContext
class DuplicateEventsTest {

    static final WireMockServer slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));

    static {
        slack.start();
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":true,\"channel\":\"C0DUPLICATES\",\"ts\":\"{{now format='epoch'}}.{{randomValue length=6 type='NUMERIC'}}\"}")));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.ALERT_ROUTER);
        registry.add("plumbline.slack.web-api-url", () -> slack.baseUrl() + "/api");
        registry.add("plumbline.slack.bot-token", () -> "xoxb-test");
        registry.add("plumbline.slack.default-channel", () -> "#ops-alerts");
    }

    @TestConfiguration
    static class OwnConsumerGroups {
        @Bean
        ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> ownGroups() {
            return container -> container.getContainerProperties().setGroupId("duplicates-test." + container.getGroupId());
        }
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    MeterRegistry meters;

    @Test
    void aRedeliveredAlertFiringPostsToSlackOnce() {
        String name = "DuplicateFiring" + UUID.randomUUID().toString().substring(0, 8);
        String fingerprint = UUID.randomUUID().toString();
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // the next episode of the same alert: same key, same partition, so it is consumed after the duplicate
        assertAppliedOnce(Topics.ALERTS, new AlertFiring(alert(fingerprint, name, startsAt)),
                new AlertFiring(alert(fingerprint, name, startsAt.plusSeconds(60))), name);
    }

    @Test
    void aRedeliveredPlatformFactPostsToSlackOnce() {
        String backupId = "duplicate_" + UUID.randomUUID().toString().substring(0, 8);
        // a second failure of the same backup: same key, same partition, so it is consumed after the duplicate
        assertAppliedOnce(Topics.BACKUPS, new BackupFailed(backupId, "DUMP", BackupFailed.Reason.DISK_FULL,
                "No space left on device", Instant.now()), new BackupFailed(backupId, "VERIFY",
                BackupFailed.Reason.CHECKSUM_MISMATCH, "checksum differs", Instant.now()), backupId);
    }

    /** {@code payload}, the same event again, then {@code next} (another event): two posts mention {@code text}. */
    private void assertAppliedOnce(Topic topic, EventPayload payload, EventPayload next, String text) {
        String id = UUID.randomUUID().toString();
        double before = duplicates(AlertNotifier.CONSUMER);
        publisher.publishAndWait(topic, id, payload, Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> posts(text) == 1);

        publisher.publishAndWait(topic, id, payload, Instant.now(), Duration.ofSeconds(10)); // same event id
        publisher.publishAndWait(topic, UUID.randomUUID().toString(), next, Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> posts(text) >= 2);

        assertThat(posts(text)).as("the first event and the next one, not the duplicate").isEqualTo(2);
        // this context's new consumer groups also replay the topics' past, whose ids are in the shared log: >=
        assertThat(duplicates(AlertNotifier.CONSUMER)).isGreaterThanOrEqualTo(before + 1);
    }

    private static Alert alert(String fingerprint, String name, Instant startsAt) {
        return new Alert(fingerprint, Map.of("alertname", name, "severity", "critical"), Map.of("summary", name + " is broken"),
                startsAt, null, "http://prometheus/graph", "plumbline", "{}:{}", "http://alertmanager");
    }

    private long posts(String text) {
        return slack.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/api/chat.postMessage"))
                .filter(e -> e.getRequest().getBodyAsString().contains(text)).count();
    }

    private double duplicates(String consumer) {
        Counter counter = meters.find("plumbline.events.duplicates").tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }
}
