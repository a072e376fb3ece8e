package io.plumbline.status.backups;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * The backup schedule the console expects ({@code plumbline.backups.*}); it mirrors backup-worker's CronJob.
 *
 * @param schedule     when backups run: a cron expression, five fields as in the CronJob ({@code 0 19 * * *}) or
 *                     Spring's six (seconds first)
 * @param timeZone     the zone {@code schedule} is read in (the CronJob's {@code timeZone}, {@code Etc/UTC})
 * @param overdueAfter no successful backup for this long and the backups card shows it overdue
 */
@Validated
@ConfigurationProperties("plumbline.backups")
public record BackupsProperties(@NotBlank @DefaultValue("0 19 * * *") String schedule,
        @NotNull @DefaultValue("UTC") ZoneId timeZone, @NotNull @DefaultValue("26h") Duration overdueAfter) {

    public BackupsProperties {
        if (schedule != null && !schedule.isBlank()) {
            try {
                cron(schedule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plumbline.backups.schedule is not a cron expression: '" + schedule
                        + "' (" + e.getMessage() + ")", e);
            }
        }
    }

    CronExpression cron() {
        return cron(schedule);
    }

    private static CronExpression cron(String expression) {
        String trimmed = expression.trim();
        // Kubernetes/Unix cron has no seconds field; Spring's has six
        return CronExpression.parse(trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed);
    }
}
