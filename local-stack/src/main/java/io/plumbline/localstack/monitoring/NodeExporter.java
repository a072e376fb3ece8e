package io.plumbline.localstack.monitoring;

import java.nio.file.Path;
import java.util.List;

/** Debian's {@code prometheus-node-exporter}: this machine's CPU, memory, disk and network. */
public final class NodeExporter extends ExternalServer {

    public NodeExporter(Path dir, int port) {
        super(dir, port);
    }

    @Override
    protected String binary() {
        return "prometheus-node-exporter";
    }

    @Override
    protected String debianPackage() {
        return "prometheus-node-exporter";
    }

    @Override
    protected List<String> arguments() {
        return List.of("--web.listen-address=127.0.0.1:" + port, "--collector.disable-defaults", "--collector.cpu",
                "--collector.meminfo", "--collector.filesystem", "--collector.netdev", "--collector.loadavg",
                "--collector.uname", "--collector.time");
    }

    @Override
    protected String readinessPath() {
        return "/metrics";
    }
}
