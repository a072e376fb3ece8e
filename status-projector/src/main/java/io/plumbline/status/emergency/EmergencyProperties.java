package io.plumbline.status.emergency;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Emergency policy settings ({@code plumbline.emergency.*}).
 *
 * @param enabled        whether the policy acts at all
 * @param recovery       {@code AUTO}: maintenance ends by itself once a verified writer held for {@code settle};
 *                       {@code MANUAL}: only an admin ends it
 * @param settle         how long a verified writer must hold (no new loss, no DB-down alert firing) before OFF
 * @param minimumHold    an emergency lasts at least this long, so a flapping writer does not toggle customers
 * @param maxEventAge    facts older than this (e.g. replayed after a restart) update the state but trigger nothing
 * @param dbDownAlerts   alertnames on {@code ops.alerts.v1} that mean the database is down
 * @param reasonKo       customer-facing reason (Korean)
 * @param reasonEn       customer-facing reason (English)
 */
@Validated
@ConfigurationProperties("plumbline.emergency")
public record EmergencyProperties(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("AUTO") Recovery recovery,
        @NotNull @DefaultValue("60s") Duration settle, @NotNull @DefaultValue("30s") Duration minimumHold,
        @NotNull @DefaultValue("5m") Duration maxEventAge,
        @NotNull @DefaultValue({"MySQLPrimaryDown", "DatabaseNodeDown", "MySQLDown"}) Set<String> dbDownAlerts,
        @NotBlank @DefaultValue("데이터베이스 장애로 새 예약 접수를 잠시 중단했습니다. 예약 조회는 계속 이용하실 수 있습니다.") String reasonKo,
        @NotBlank @DefaultValue("New bookings are paused because of a database fault. Looking up bookings still works.") String reasonEn) {

    public enum Recovery { AUTO, MANUAL }
}
