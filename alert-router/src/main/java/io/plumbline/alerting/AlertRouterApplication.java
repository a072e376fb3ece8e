package io.plumbline.alerting;

import io.plumbline.events.migrations.Migrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Alertmanager webhooks onto {@code ops.alerts.v1}, and alerts plus the platform's own facts from Kafka to Slack. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AlertRouterApplication {

    public static void main(String[] args) {
        Migrations.runIfRequested(args); // `migrate`: the schema step, with the migrator credential, then exit
        SpringApplication.run(AlertRouterApplication.class, args);
    }
}
