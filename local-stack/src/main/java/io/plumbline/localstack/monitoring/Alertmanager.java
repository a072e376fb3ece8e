package io.plumbline.localstack.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code prometheus-alertmanager}, routing every alert to alert-router's webhook with a bearer token.
 * Clustering is off unless peers are given (an HA pair on one machine: each peer its own cluster port).
 */
public final class Alertmanager extends ExternalServer {

    private final String config;
    private final int clusterPort;
    private final List<Integer> peerClusterPorts;

    /**
     * @param config the full alertmanager.yml (see {@link #webhookConfig})
     * @param clusterPort 0 to disable clustering
     */
    public Alertmanager(Path dir, int port, String config, int clusterPort, List<Integer> peerClusterPorts) {
        super(dir, port);
        this.config = config;
        this.clusterPort = clusterPort;
        this.peerClusterPorts = List.copyOf(peerClusterPorts);
    }

    /** A configuration that sends every alert to a webhook with a bearer token, grouped per alert. */
    public static String webhookConfig(String webhookUrl, String bearerToken, String groupWait, String groupInterval,
            String repeatInterval) {
        return """
                route:
                  receiver: plumbline
                  group_by: ['alertname', 'instance']
                  group_wait: %s
                  group_interval: %s
                  repeat_interval: %s
                receivers:
                  - name: plumbline
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                        max_alerts: 0
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: '%s'
                """.formatted(groupWait, groupInterval, repeatInterval, webhookUrl, bearerToken);
    }

    @Override
    protected String binary() {
        return "prometheus-alertmanager";
    }

    @Override
    protected String debianPackage() {
        return "prometheus-alertmanager";
    }

    @Override
    protected List<String> arguments() throws IOException {
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, config);
        List<String> args = new ArrayList<>(List.of("--config.file=" + file, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.external-url=" + baseUrl()));
        if (clusterPort == 0) {
            args.add("--cluster.listen-address=");
        } else {
            args.add("--cluster.listen-address=127.0.0.1:" + clusterPort);
            args.add("--cluster.peer-timeout=2s");
            peerClusterPorts.forEach(p -> args.add("--cluster.peer=127.0.0.1:" + p));
        }
        return args;
    }

    @Override
    protected String readinessPath() {
        return "/-/ready";
    }
}
