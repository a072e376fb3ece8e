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
 * @param settle         how long a writer verified by the write probe must hold after a first loss before OFF: short,
 *                       because the probe writes through the same path as booking-api
 * @param minimumHold    an emergency lasts at least this long
 * @param flapWindow     a writer lost again within this time of its last verified restore is flapping
 * @param flapHold       the hold after the first repeated loss; doubled for each further one
 * @param maxHold        the longest hold a flapping writer can cause
 * @param maxEventAge    facts older than this (e.g. replayed after a restart) update the state but trigger nothing
 * @param dbDownAlerts   alertnames on {@code ops.alerts.v1} that mean the database is down
 * @param reasonKo       customer-facing reason (Korean)
 * @param reasonEn       customer-facing reason (English)
 */
@Validated
@ConfigurationProperties("plumbline.emergency")
public record EmergencyProperties(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("AUTO") Recovery recovery,
        @NotNull @DefaultValue("2s") Duration settle, @NotNull @DefaultValue("5s") Duration minimumHold,
        @NotNull @DefaultValue("10m") Duration flapWindow, @NotNull @DefaultValue("30s") Duration flapHold,
        @NotNull @DefaultValue("5m") Duration maxHold,
        @NotNull @DefaultValue("5m") Duration maxEventAge,
        @NotNull @DefaultValue({"MySQLPrimaryDown", "DatabaseNodeDown", "MySQLDown"}) Set<String> dbDownAlerts,
        @NotBlank @DefaultValue("데이터베이스 장애로 새 예약 접수를 잠시 중단했습니다. 예약 조회는 계속 이용하실 수 있습니다.") String reasonKo,
        @NotBlank @DefaultValue("New bookings are paused because of a database fault. Looking up bookings still works.") String reasonEn) {

    public enum Recovery { AUTO, MANUAL }
}
