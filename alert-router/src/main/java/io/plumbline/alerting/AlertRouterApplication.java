package io.plumbline.alerting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Alertmanager webhooks onto {@code ops.alerts.v1}, and alerts plus the platform's own facts from Kafka to Slack. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AlertRouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(AlertRouterApplication.class, args);
    }
}
