package io.plumbline.alerting;

import io.plumbline.events.migrations.Migrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Alertmanager webhooks onto {@code ops.alerts.v1}, and alerts plus the platform's own facts from Kafka to Slack.
 * Spring Boot's generated default user is excluded: the only callers are Alertmanager, with its own credential
 * ({@code WebhookAuthentication}), and Slack, with signed bodies.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class AlertRouterApplication {

    public static void main(String[] args) {
        Migrations.runIfRequested(args); // `migrate`: the schema step, with the migrator credential, then exit
        SpringApplication.run(AlertRouterApplication.class, args);
    }
}
