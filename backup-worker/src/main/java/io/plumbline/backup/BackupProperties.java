package io.plumbline.backup;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Backup settings ({@code plumbline.backup.*}).
 *
 * @param mode          {@code once}: one run, then exit (CronJob); {@code scheduled}: run on {@code schedule}
 * @param schedule      cron (UTC) of the scheduled mode; the seed's {@code 0 19 * * *}
 * @param target        the backup directory (the NFS mount in production)
 * @param flavour       the server and its dump tool: {@code mariadb} ({@code --master-data=2 --gtid}) or {@code mysql}
 *                      (MySQL 8.0.26+/8.4 {@code mysqldump}: {@code --source-data=2 --set-gtid-purged=COMMENTED})
 * @param dumpCommand   {@code mariadb-dump} or {@code mysqldump} (path or name on PATH)
 * @param clientCommand {@code mariadb} or {@code mysql}, used to restore into the scratch schema
 * @param retention     backups older than this are deleted…
 * @param minKeep       …but never below this many, and never the newest verified one
 * @param minFreeSpace  refuse to start (DISK_FULL) with less free space on the target
 * @param verify        restore every backup into {@code verifySchema} and compare it with its manifest
 */
@Validated
@ConfigurationProperties("plumbline.backup")
public record BackupProperties(
        @NotNull @DefaultValue("once") Mode mode,
        @NotBlank @DefaultValue("0 0 19 * * *") String schedule,
        @NotNull @DefaultValue("/var/backups/plumbline") Path target,
        @NotBlank String host,
        @Min(1) @Max(65535) int port,
        @NotBlank String username,
        @NotBlank String password,
        @NotBlank @DefaultValue("booking") String database,
        @NotNull @DefaultValue("mariadb") Flavour flavour,
        @NotBlank @DefaultValue("mariadb-dump") String dumpCommand,
        @NotBlank @DefaultValue("mariadb") String clientCommand,
        @NotNull @DefaultValue("7d") Duration retention,
        @Min(1) @DefaultValue("3") int minKeep,
        @NotNull @DefaultValue("100MB") DataSize minFreeSpace,
        @DefaultValue("true") boolean verify,
        @NotBlank @DefaultValue("backup_verify") String verifySchema,
        @NotNull @DefaultValue("30m") Duration timeout) {

    public enum Mode { ONCE, SCHEDULED }

    /** Where the two dump tools differ: how they record the binlog and GTID position (as comments, never executed). */
    public enum Flavour {
        MARIADB("--master-data=2", "--gtid"),
        MYSQL("--source-data=2", "--set-gtid-purged=COMMENTED");

        private final java.util.List<String> positionOptions;

        Flavour(String... positionOptions) {
            this.positionOptions = java.util.List.of(positionOptions);
        }

        public java.util.List<String> positionOptions() {
            return positionOptions;
        }
    }

    @Override
    public String toString() {
        return "BackupProperties[" + database + "@" + host + ":" + port + " → " + target + "]";
    }
}
