package io.plumbline.status.backups;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The backups card's rule: next run from the cron schedule, overdue after 26 h without a success. */
class BackupScheduleTest {

    private final BackupSchedule daily = new BackupSchedule(new BackupsProperties("0 19 * * *", ZoneId.of("UTC"), Duration.ofHours(26)));
    private final Instant now = Instant.parse("2026-12-02T01:42:00Z");

    @Test
    void nextRunIsTheSchedulesNextTimeAfterNow() {
        assertThat(daily.due(now, now).nextRun()).as("04:00 KST on 3 December").isEqualTo(Instant.parse("2026-12-02T19:00:00Z"));
        assertThat(daily.due(now, Instant.parse("2026-12-02T19:00:00Z")).nextRun()).as("a run that is due now is past")
                .isEqualTo(Instant.parse("2026-12-03T19:00:00Z"));
    }

    @Test
    void theScheduleIsReadInItsOwnZone() {
        BackupSchedule seoul = new BackupSchedule(new BackupsProperties("30 2 * * *", ZoneId.of("Asia/Seoul"), Duration.ofHours(26)));
        assertThat(seoul.due(now, now).nextRun()).isEqualTo(Instant.parse("2026-12-02T17:30:00Z"));
        BackupSchedule springSyntax = new BackupSchedule(new BackupsProperties("0 0 */6 * * *", ZoneId.of("UTC"), Duration.ofHours(8)));
        assertThat(springSyntax.due(now, now).nextRun()).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
    }

    @Test
    void overdueWhenNoBackupSucceededWithin26Hours() {
        assertThat(daily.due(now.minus(Duration.ofHours(25)), now).overdue()).isFalse();
        assertThat(daily.due(now.minus(Duration.ofHours(26)), now).overdue()).as("exactly 26 h is still in time").isFalse();
        assertThat(daily.due(now.minus(Duration.ofHours(26)).minusSeconds(1), now).overdue()).isTrue();
        assertThat(daily.due(null, now).overdue()).as("never succeeded").isTrue();
        assertThat(daily.due(null, now).overdueAfterHours()).isEqualTo(26);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BackupsProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void defaultsToTheCronJobsScheduleAndABadOneFailsAtStartNamingTheKey() {
        context.run(c -> {
            BackupsProperties p = c.getBean(BackupsProperties.class);
            assertThat(p.schedule()).isEqualTo("0 19 * * *");
            assertThat(p.timeZone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(p.overdueAfter()).isEqualTo(Duration.ofHours(26));
        });
        context.withPropertyValues("plumbline.backups.schedule=0 25 * * *").run(c -> {
            assertThat(c).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = c.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("plumbline.backups.schedule");
        });
    }
}
