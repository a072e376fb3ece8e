package io.plumbline.backup;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param verify        restore-to-verify: on or off, the scratch schema, and the scratch server it is restored into
 * @param timeout       the dump (and each verification step) is killed after this
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
        @Valid @NotNull @DefaultValue Verify verify,
        @NotNull @DefaultValue("30m") Duration timeout) {

    /**
     * Restore-to-verify ({@code plumbline.backup.verify.*}). The scratch server defaults to the source server (the
     * local stack's primary). In production the dump comes from a {@code super_read_only} replica, which cannot take
     * the scratch restore: point {@code host}/{@code port} at a writable scratch server (the chart's sidecar on
     * 127.0.0.1). Each of {@code host}, {@code port}, {@code username}, {@code password} left unset is the source's.
     *
     * @param enabled  restore every backup into {@code schema} and compare it with its manifest
     * @param schema   the scratch schema; dropped before and after every verification
     * @param host     the scratch server; unset: the source ({@code plumbline.backup.host})
     * @param port     unset: {@code plumbline.backup.port}
     * @param username an account with all privileges on {@code schema} there; unset: {@code plumbline.backup.username}
     * @param password unset: {@code plumbline.backup.password}
     */
    public record Verify(
            @DefaultValue("true") boolean enabled,
            @NotBlank @DefaultValue("backup_verify") String schema,
            @Pattern(regexp = ".*\\S.*", message = "must not be blank (leave it unset to verify on the source server)") String host,
            @Min(1) @Max(65535) Integer port,
            @Pattern(regexp = ".*\\S.*", message = "must not be blank (leave it unset to use plumbline.backup.username)") String username,
            String password) {

        public static Verify onSource(boolean enabled) {
            return new Verify(enabled, "backup_verify", null, null, null, null);
        }

        @Override
        public String toString() {
            return "Verify[" + (enabled ? "" : "off, ") + schema + (host == null ? " on the source" : " on " + host + (port == null ? "" : ":" + port)) + "]";
        }
    }

    /** A server to connect to, with the account to connect as. */
    public record Server(String host, int port, String username, String password) {

        @Override
        public String toString() {
            return username + "@" + host + ":" + port;
        }
    }

    /** The server the dump is taken from. */
    public Server source() {
        return new Server(host, port, username, password);
    }

    /** The server verification restores into: {@code verify.*}, each unset value the source's. */
    public Server verifyTarget() {
        return new Server(verify.host() == null ? host : verify.host(), verify.port() == null ? port : verify.port(),
                verify.username() == null ? username : verify.username(), verify.password() == null ? password : verify.password());
    }

    /** Whether the scratch restore goes into the server the backup is taken from (the default). */
    public boolean verifiesOnSource() {
        Server target = verifyTarget();
        return target.host().equals(host) && target.port() == port;
    }

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
        return "BackupProperties[" + database + "@" + host + ":" + port + " → " + target + ", " + verify + "]";
    }
}
