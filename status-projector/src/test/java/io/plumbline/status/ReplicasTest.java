package io.plumbline.status;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.events.topology.ReplicationLagHigh;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import io.plumbline.status.maintenance.MaintenanceControl;
import io.plumbline.status.projection.LiveFeed;
import io.plumbline.status.projection.Projection;
import io.plumbline.status.replicas.Leadership;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Two replicas sharing one schema, as the Helm chart runs them: this module's test context and a second one started
 * beside it. Every replica's live stream carries every event; only the leader publishes metric and topology facts and
 * applies the emergency policy's decisions; a restarted policy rebuilds its view from the log.
 */
class ReplicasTest extends StatusProjectorTestSupport {

    private static ConfigurableApplicationContext second;
    private static WireMockServer secondsPrometheus;

    @Autowired
    LiveFeed feed;

    @Autowired
    Leadership leadership;

    @Autowired
    EventPublisher publisher;

    @Autowired
    MaintenanceControl maintenance;

    @BeforeEach
    void startSecondReplica() {
        if (second != null) {
            return;
        }
        secondsPrometheus = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        secondsPrometheus.start();
        secondsPrometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")));
        Map<String, Object> props = new HashMap<>(PlumblineStack.properties(ServiceDefinition.STATUS_PROJECTOR));
        props.put("server.port", "0");
        props.put("plumbline.console.booking-api.url", bookingApi().baseUrl());
        props.put("plumbline.logs.loki-url", loki().baseUrl());
        props.put("plumbline.metrics.prometheus-url", secondsPrometheus.baseUrl());
        props.put("plumbline.metrics.interval", "1s");
        props.put("plumbline.metrics.queries.replica-probe", "up");
        // long enough to restart the policy between reading WriterRestored and the end of the settle time
        props.put("plumbline.emergency.settle", "6s");
        // as on Kubernetes, where Boot would trust X-Forwarded-For from private addresses unless told not to; and this
        // test client (127.0.0.1) is not a trusted proxy of this replica
        props.put("spring.main.cloud-platform", "kubernetes");
        props.put("plumbline.console.allow-list.trusted-proxies", "10.255.255.0/24");
        // as arguments, not default properties: those would lose against application.yml and the test profile
        second = new SpringApplicationBuilder(StatusProjectorApplication.class).profiles("test")
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @AfterAll
    static void stopSecondReplica() {
        if (second != null) {
            second.close();
            second = null;
        }
        if (secondsPrometheus != null) {
            secondsPrometheus.stop();
        }
    }

    private static Leadership secondsLeadership() {
        return second.getBean(Leadership.class);
    }

    /** Makes {@code winner} the leader by having the current leader leave the group and join it again. */
    private static void lead(Leadership winner, Leadership loser) {
        await().atMost(Duration.ofSeconds(30)).until(() -> winner.isLeader() || loser.isLeader());
        if (loser.isLeader()) {
            loser.stop();
            await().atMost(Duration.ofSeconds(30)).until(winner::isLeader);
            loser.start();
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> winner.isLeader() && !loser.isLeader());
    }

    private static List<String> ids(LiveFeed feed) {
        return feed.recent().stream().map(Projection.FeedItem::id).toList();
    }

    @Test
    void everyReplicasLiveStreamShowsEveryAlertAndTopologyEvent() {
        LiveFeed secondsFeed = second.getBean(LiveFeed.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.getBean("liveStreamFollower", SmartLifecycle.class).isRunning());
        List<String> sent = new ArrayList<>();
        // six fingerprints spread over the three partitions of ops.alerts.v1, which the projection's group splits
        for (int i = 0; i < 6; i++) {
            String fingerprint = "fp-replicas-" + UUID.randomUUID();
            Alert alert = new Alert(fingerprint, Map.of("alertname", "DiskFilling", "instance", "k8s-n" + i,
                    "severity", "warning"), Map.of("summary", "disk filling"), Instant.now(), null, null, "r", "g", "u");
            String id = UUID.randomUUID().toString();
            publisher.publishAndWait(Topics.ALERTS, id, new AlertFiring(alert), Instant.now(), Duration.ofSeconds(10));
            sent.add(id);
        }
        String lag = UUID.randomUUID().toString();
        publisher.publishAndWait(Topics.DB_TOPOLOGY, lag, new ReplicationLagHigh("it-" + lag, "mysql-s", 45, 30,
                Instant.now()), Instant.now(), Duration.ofSeconds(10));
        sent.add(lag);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ids(feed)).as("this replica").containsAll(sent);
            assertThat(ids(secondsFeed)).as("the second replica").containsAll(sent);
        });
        assertThat(secondsFeed.recent()).filteredOn(i -> i.id().equals(lag)).singleElement()
                .satisfies(i -> assertThat(i.summary()).contains("ReplicationLagHigh"));
    }

    @Test
    void onlyTheLeaderPublishesMetricAndTopologyFactsAndAnotherReplicaTakesOver() {
        Leadership secondOne = secondsLeadership();
        lead(leadership, secondOne);
        try (TopicRecorder topology = new TopicRecorder(bootstrapServers(), Topics.DB_TOPOLOGY);
                TopicRecorder metrics = new TopicRecorder(bootstrapServers(), Topics.METRICS)) {
            secondsPrometheus.resetRequests();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    secondsPrometheus.findAll(anyRequestedFor(anyUrl())).isEmpty()
                            && metrics.events(MetricSampled.class).stream().noneMatch(m -> m.metric().equals("replica-probe")));

            leadership.stop(); // this replica leaves the group, e.g. a rolling update
            try {
                await().atMost(Duration.ofSeconds(30)).until(secondOne::isLeader);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        metrics.events(MetricSampled.class).stream().anyMatch(m -> m.metric().equals("replica-probe")));
                // the new leader's baseline: each server once, not once per replica
                await().atMost(Duration.ofSeconds(20)).until(() -> topology.events(ServerOnline.class).stream()
                        .map(ServerOnline::server).distinct().count() == 2);
            } finally {
                leadership.start();
            }
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> secondOne.isLeader()
                    && !leadership.isLeader() && topology.events(ServerOnline.class).size() == 2);
        }
    }

    private static HttpResponse<String> loginPage(String forwardedFor) throws Exception {
        int port = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void xForwardedForFromAPeerThatIsNoTrustedProxyIsIgnoredEvenOnKubernetes() throws Exception {
        // believed, the header would put this allowed client outside the allow-list (403); ignored, it signs in
        assertThat(loginPage("203.0.113.9").statusCode()).isEqualTo(200);
        assertThat(loginPage("127.0.0.1").statusCode()).isEqualTo(200);
    }

    @Test
    void theSessionCookieIsSecureByDefault() throws Exception {
        HttpResponse<String> login = loginPage(null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement().satisfies(c -> assertThat(c).contains("Secure").contains("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict"));
    }

    private static double factsRead(MeterRegistry meters, String type) {
        return meters.find("plumbline.emergency.facts").counters().stream()
                .filter(c -> c.getId().getTag("type").contains(type)).mapToDouble(Counter::count).sum();
    }

    @Test
    void aReplicaTakingOverAfterAnUnrestoredWriterLossReportsTheWritersReturnAndTheEmergencyEnds() {
        Leadership secondOne = secondsLeadership();
        lead(leadership, secondOne);
        try (TopicRecorder topology = new TopicRecorder(bootstrapServers(), Topics.DB_TOPOLOGY)) {
            // the leader saw the primary go and published the loss; its pod went away before the primary was back
            publisher.publishAndWait(Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                    new WriterLost("plumbline-db", "mysql-m", "connection refused", Instant.now()), Instant.now(),
                    Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                MaintenanceStateChanged s = maintenance.current(MaintenanceStateChanged.BOOKINGS);
                return s.mode() == Mode.EMERGENCY && s.triggeredBy().kind() == TriggeredBy.Kind.POLICY;
            });
            leadership.stop();
            try {
                await().atMost(Duration.ofSeconds(30)).until(secondOne::isLeader);
                await().atMost(Duration.ofSeconds(30)).until(() -> topology.events(WriterRestored.class).stream()
                        .anyMatch(r -> r.cluster().equals("plumbline-db") && r.probeVerified()));
            } finally {
                leadership.start();
            }
            assertThat(topology.events(WriterLost.class)).as("the new leader reports no second loss").hasSize(1);
        }
        await().atMost(Duration.ofSeconds(40)).until(() ->
                maintenance.current(MaintenanceStateChanged.BOOKINGS).mode() == Mode.OFF);
    }

    @Test
    void aRestartedPolicyStillEndsTheEmergencyItStartedOnceTheWriterIsBack() {
        lead(secondsLeadership(), leadership);
        SmartLifecycle policy = second.getBean("emergencyPolicyFollower", SmartLifecycle.class);
        MeterRegistry meters = second.getBean(MeterRegistry.class);
        String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
        publisher.publishAndWait(Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                new WriterLost(cluster, "mysql-m", "connection refused", Instant.now()), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            MaintenanceStateChanged s = maintenance.current(MaintenanceStateChanged.BOOKINGS);
            return s.mode() == Mode.EMERGENCY && s.triggeredBy().kind() == TriggeredBy.Kind.POLICY;
        });

        double restoredBefore = factsRead(meters, "WriterRestored");
        publisher.publishAndWait(Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                new WriterRestored(cluster, "mysql-m", true, Instant.now()), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> factsRead(meters, "WriterRestored") > restoredBefore);
        policy.stop(); // the process restarts after it read WriterRestored, before the settle time was over
        assertThat(maintenance.current(MaintenanceStateChanged.BOOKINGS).mode()).isEqualTo(Mode.EMERGENCY);
        policy.start();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                maintenance.current(MaintenanceStateChanged.BOOKINGS).mode() == Mode.OFF);
    }
}
