package io.plumbline.status.backups;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/** When the next backup is due and whether the backups are overdue, from the schedule and the last success. */
@Component
public class BackupSchedule {

    /**
     * @param nextRun      the schedule's next run after now
     * @param overdue      no backup succeeded within {@code overdueAfter} (or none ever did)
     * @param overdueAfter the allowed age of the last success
     */
    public record Due(Instant nextRun, boolean overdue, Duration overdueAfter) {

        /** {@code overdueAfter} in whole hours, for the card's text. */
        public long overdueAfterHours() {
            return overdueAfter.toHours();
        }
    }

    private final CronExpression cron;
    private final BackupsProperties properties;

    public BackupSchedule(BackupsProperties properties) {
        this.properties = properties;
        this.cron = properties.cron();
    }

    /** @param lastSuccess when the newest successful backup finished; {@code null} if none did */
    public Due due(Instant lastSuccess, Instant now) {
        ZonedDateTime next = cron.next(now.atZone(properties.timeZone()));
        boolean overdue = lastSuccess == null || lastSuccess.isBefore(now.minus(properties.overdueAfter()));
        return new Due(next == null ? null : next.toInstant(), overdue, properties.overdueAfter());
    }
}
