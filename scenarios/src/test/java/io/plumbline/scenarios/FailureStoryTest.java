package io.plumbline.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scenarios in their shortened form, on one platform (starting it is the expensive part): hostile input first,
 * then Slack's outage, the broker's restart and service crashes on the original topology, and last the seed's story
 * (the primary dies and is replaced), which leaves the replica as the writer. Each scenario checks only what it
 * caused (its own bookings, its own alerts). Full length, each on a fresh platform: {@code ./plumbline scenario}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureStoryTest {

    private static Platform platform;
    private static final Path OUT = Path.of("target", "scenarios");

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start(OUT.resolve("platform"), Path.of("..").toAbsolutePath().normalize(), Platform.BOOKING_REPLICAS, true);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void badInputNeverGetsA5xxAndKillsNoService() throws Exception {
        Report report = new BadInput().run(platform, 0.2);
        report.write(OUT.resolve("bad-input"));
        assertThat(report.failedChecks()).isEmpty();
    }

    @Test
    @Order(2)
    void slackOutageDeliversEveryAlertStateOnceAndHonoursRetryAfter() throws Exception {
        Report report = new SlackOutage().run(platform, 0.3);
        report.write(OUT.resolve("slack-outage"));
        assertThat(report.failedChecks()).isEmpty();
    }

    @Test
    @Order(3)
    void brokerRestartKeepsBookingsFlowingAndLosesNone() throws Exception {
        Report report = new BrokerRestart().run(platform, 0.3);
        report.write(OUT.resolve("broker-restart"));
        assertThat(report.failedChecks()).isEmpty();
    }

    @Test
    @Order(4)
    void serviceCrashesLoseNoBooking() throws Exception {
        Report report = new ServiceCrash().run(platform, 0.3);
        report.write(OUT.resolve("service-crash"));
        assertThat(report.failedChecks()).isEmpty();
    }

    @Test
    @Order(5)
    void primaryDownStopsBookingsCleanlyAndLosesNone() throws Exception {
        Report report = new PrimaryDown().run(platform, 0.3);
        report.write(OUT.resolve("primary-down"));
        assertThat(report.failedChecks()).isEmpty();
    }
}
