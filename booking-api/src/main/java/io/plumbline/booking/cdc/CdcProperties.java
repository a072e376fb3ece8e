package io.plumbline.booking.cdc;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * CDC settings ({@code plumbline.cdc.*}). The engine connects to the primary directly (never through ProxySQL):
 * the binlog is a per-server stream.
 *
 * @param flavour              {@code mariadb} (MariaDB connector) or {@code mysql} (MySQL 8 connector)
 * @param enabled              {@code false} runs the API without capturing (the outbox then only grows)
 * @param leaderCheckInterval  how often a follower tries to take the lead and a leader checks it still has it
 * @param leaderLease          how long the database keeps the lock of a leader that vanished without closing its
 *                             connection (node lost, network cut): the lock connection's {@code wait_timeout}; a live
 *                             leader touches it every check, so it must be well above {@code leader-check-interval}
 */
@Validated
@ConfigurationProperties("plumbline.cdc")
public record CdcProperties(
        @NotNull @DefaultValue("mariadb") Flavour flavour,
        @DefaultValue("true") boolean enabled,
        @NotBlank String host,
        @Min(1) @Max(65535) int port,
        @NotBlank String username,
        @NotBlank String password,
        @NotBlank @DefaultValue("booking") String database,
        @NotBlank @DefaultValue("booking-api.cdc-offsets") String offsetsTopic,
        @NotBlank @DefaultValue("booking-api.cdc-schema-history") String schemaHistoryTopic,
        @NotNull @DefaultValue("2s") Duration leaderCheckInterval,
        @NotNull @DefaultValue("20s") Duration leaderLease,
        @NotNull @DefaultValue("10ms") Duration pollInterval) {

    public enum Flavour { MARIADB, MYSQL }

    public CdcProperties {
        if (leaderLease != null && leaderCheckInterval != null && leaderLease.compareTo(leaderCheckInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("plumbline.cdc.leader-lease (" + leaderLease
                    + ") must be at least three times plumbline.cdc.leader-check-interval (" + leaderCheckInterval + ")");
        }
    }

    @Override
    public String toString() {
        return "CdcProperties[" + flavour + " " + host + ":" + port + " as " + username + "]";
    }
}
