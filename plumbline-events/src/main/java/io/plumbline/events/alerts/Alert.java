package io.plumbline.events.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One Alertmanager alert instance as received on the webhook (payload version 4).
 *
 * @param endsAt {@code null} while firing (Alertmanager sends {@code 0001-01-01T00:00:00Z})
 */
public record Alert(String fingerprint, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
        Instant endsAt, String generatorUrl, String receiver, String groupKey, String externalUrl) {

    public Alert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public String alertname() {
        return labels.getOrDefault("alertname", "unknown");
    }

    public String severity() {
        return labels.getOrDefault("severity", "none");
    }
}
