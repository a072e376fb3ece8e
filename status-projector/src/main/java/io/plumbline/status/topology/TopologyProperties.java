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
 * @param cluster the cluster name, the key of every {@code ops.db-topology.v1} record
 * @param probe   the direct probe of the servers
 */
@Validated
@ConfigurationProperties("plumbline.topology")
public record TopologyProperties(@NotBlank @DefaultValue("plumbline-db") String cluster,
        @Valid @NotNull @DefaultValue Probe probe) {

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
