package io.plumbline.status.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTableTest {

    private final Instant now = Instant.parse("2026-11-25T01:00:00Z");
    private final NodeTable table = new NodeTable(null, new NodesProperties(List.of(
            new NodesProperties.Node("k8s-m", "172.16.0.4"), new NodesProperties.Node("bastion-s", "172.16.0.9"),
            new NodesProperties.Node("nfs", "172.16.0.3")), "node-up", "cpu", "mem", "disk"));

    private Map<String, NodeTable.Value> metric(String json) {
        return table.byHost(json, Timestamp.from(now));
    }

    @Test
    void joinsTheMetricsOfEachMachineByInstanceHost() {
        List<NodeTable.Row> rows = table.rows(Map.of(
                "node-up", metric("""
                        [{"labels":{"instance":"172.16.0.4:9100","job":"node"},"value":1,"timestamp":"2026-11-25T00:59:50Z"},
                         {"labels":{"instance":"172.16.0.9:9100","job":"node"},"value":0,"timestamp":"2026-11-25T00:59:50Z"},
                         {"labels":{"instance":"10.0.0.1:9100","job":"node"},"value":1,"timestamp":"2026-11-25T00:59:50Z"}]"""),
                "cpu", metric("""
                        [{"labels":{"instance":"172.16.0.4:9100"},"value":25.93,"timestamp":"2026-11-25T00:59:40Z"},
                         {"labels":{"instance":"172.16.0.9:9100"},"value":5.7,"timestamp":"2026-11-25T00:50:00Z"}]"""),
                "mem", metric("[{\"labels\":{\"instance\":\"172.16.0.4:9100\"},\"value\":58.0,\"timestamp\":\"2026-11-25T00:59:55Z\"}]"),
                "disk", metric("[{\"labels\":{\"instance\":\"172.16.0.4:9100\"},\"value\":40.4,\"timestamp\":\"2026-11-25T00:59:55Z\"}]")));

        assertThat(rows).extracting(NodeTable.Row::name).containsExactly("k8s-m", "bastion-s", "nfs", "10.0.0.1");
        assertThat(rows.get(0)).isEqualTo(new NodeTable.Row("k8s-m", "172.16.0.4", NodeTable.Status.READY, 25.93, 58.0, 40.4,
                Instant.parse("2026-11-25T00:59:40Z")));
        assertThat(rows.get(1)).as("a down node shows no old numbers").isEqualTo(new NodeTable.Row("bastion-s", "172.16.0.9",
                NodeTable.Status.DOWN, null, null, null, Instant.parse("2026-11-25T00:59:50Z")));
        assertThat(rows.get(2).status()).isEqualTo(NodeTable.Status.NO_DATA);
        assertThat(rows.get(2).dataAt()).isNull();
        assertThat(rows.get(3).status()).as("unlisted machines are shown too").isEqualTo(NodeTable.Status.READY);
    }

    @Test
    void instanceHostsAreTakenWithoutThePort() {
        assertThat(NodeTable.host("172.16.0.4:9100")).isEqualTo("172.16.0.4");
        assertThat(NodeTable.host("[::1]:9100")).isEqualTo("::1");
        assertThat(NodeTable.host("nfs")).isEqualTo("nfs");
    }
}
