package io.plumbline.status.nodes;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The node status table ({@code plumbline.nodes.*}): which machines it lists and which {@code ops.metrics.v1} metrics
 * (names of {@code plumbline.metrics.queries}, one sample per {@code instance}) fill its columns.
 *
 * @param list         the machines, in table order; a machine seen in the metrics but not listed is added after them
 * @param upMetric     1 = ready, 0 = down (Prometheus' {@code up} of the node exporter job)
 * @param cpuMetric    CPU busy, percent
 * @param memoryMetric memory used, percent
 * @param diskMetric   root file system used, percent
 */
@Validated
@ConfigurationProperties("plumbline.nodes")
public record NodesProperties(@Valid @NotNull @DefaultValue List<Node> list,
        @NotBlank @DefaultValue("node-up") String upMetric, @NotBlank @DefaultValue("cpu-busy-percent") String cpuMetric,
        @NotBlank @DefaultValue("memory-used-percent") String memoryMetric,
        @NotBlank @DefaultValue("root-disk-used-percent") String diskMetric) {

    /**
     * @param name    shown in the table
     * @param address the host part of the metrics' {@code instance} label ({@code 172.16.0.4} of
     *                {@code 172.16.0.4:9100}); the name itself also matches
     */
    public record Node(@NotBlank String name, String address) {
    }
}
