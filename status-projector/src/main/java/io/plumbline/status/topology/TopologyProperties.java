package io.plumbline.status.topology;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * DB topology settings ({@code plumbline.topology.*}).
 *
 * @param cluster  the cluster name, the key of every {@code ops.db-topology.v1} record
 * @param source   where the facts come from: {@code direct} (probe each server) or {@code proxysql} (read ProxySQL's
 *                 admin interface)
 * @param probe    the direct probe of the servers
 * @param proxysql the ProxySQL admin interface, required when {@code source} is {@code proxysql}
 */
@Validated
@ConfigurationProperties("plumbline.topology")
public record TopologyProperties(@NotBlank @DefaultValue("plumbline-db") String cluster,
        @NotNull @DefaultValue("direct") Source source, @Valid @NotNull @DefaultValue Probe probe,
        @Valid @NotNull @DefaultValue ProxySql proxysql) {

    public enum Source { DIRECT, PROXYSQL }

    public TopologyProperties {
        if (source == Source.PROXYSQL && proxysql != null && (proxysql.url() == null || proxysql.url().isBlank())) {
            throw new IllegalArgumentException(
                    "plumbline.topology.proxysql.url must be set when plumbline.topology.source is proxysql");
        }
    }

    /**
     * ProxySQL's admin interface (MySQL protocol, port 6032 by default), read every {@code interval}.
     *
     * @param url              JDBC URL of the admin interface, e.g. {@code jdbc:mysql://proxysql:6032/main}
     * @param writerHostgroup  the writer hostgroup of {@code mysql_replication_hostgroups}
     * @param readerHostgroup  the reader hostgroup
     * @param failureThreshold consecutive rounds without an ONLINE writer before {@code WriterLost}
     * @param writeProbe       the write probe through ProxySQL that verifies a restored writer
     */
    public record ProxySql(String url, String username, String password,
            @Min(0) @DefaultValue("10") int writerHostgroup, @Min(0) @DefaultValue("20") int readerHostgroup,
            @NotNull @DefaultValue("1s") Duration interval, @NotNull @DefaultValue("1s") Duration connectTimeout,
            @NotNull @DefaultValue("4s") Duration queryTimeout, @Min(1) @DefaultValue("2") int failureThreshold,
            @Valid @NotNull @DefaultValue WriteProbe writeProbe) {
    }

    /**
     * The write probe of the {@code proxysql} source: when ProxySQL shows an ONLINE writer again, a row is written to
     * {@code write_probe} and read back through this endpoint, and only then is {@code WriterRestored} published (with
     * {@code probeVerified=true}); while it fails it is retried every {@code proxysql.interval}. Without a URL the
     * restored writer is published unverified, as ProxySQL saw it, and the emergency policy leaves ending an emergency
     * to an admin.
     *
     * @param url            JDBC URL of the probe schema through ProxySQL's MySQL interface, routed to the writer
     *                       hostgroup, e.g. {@code jdbc:mysql://proxysql:6033/plumbline_probe}
     * @param username       the probe account; defaults to {@code plumbline.topology.probe.username}
     * @param password       its password; defaults to {@code plumbline.topology.probe.password}
     * @param connectTimeout TCP connect timeout
     * @param queryTimeout   socket timeout per statement (below ProxySQL's ~10 s hold of a query without a writer)
     */
    public record WriteProbe(String url, String username, String password,
            @NotNull @DefaultValue("1s") Duration connectTimeout, @NotNull @DefaultValue("4s") Duration queryTimeout) {

        boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param enabled           whether the direct probe runs
     * @param servers           the servers to probe (name + JDBC URL of the probe schema)
     * @param interval          time between two probe rounds
     * @param connectTimeout    TCP connect timeout per server
     * @param queryTimeout      socket timeout per statement (above the primary's semi-sync timeout)
     * @param failureThreshold  consecutive failed rounds before a server or the writer counts as lost
     * @param recoveryThreshold consecutive good rounds before it counts as back
     * @param lagThreshold      replication lag that is reported as high
     */
    public record Probe(@DefaultValue("true") boolean enabled, @Valid @NotNull @DefaultValue List<Server> servers,
            String username, String password,
            @NotNull @DefaultValue("1s") Duration interval, @NotNull @DefaultValue("1s") Duration connectTimeout,
            @NotNull @DefaultValue("4s") Duration queryTimeout, @Min(1) @DefaultValue("2") int failureThreshold,
            @Min(1) @DefaultValue("2") int recoveryThreshold, @NotNull @DefaultValue("30s") Duration lagThreshold) {
    }

    public record Server(@NotBlank String name, @NotBlank String url) {
    }
}
