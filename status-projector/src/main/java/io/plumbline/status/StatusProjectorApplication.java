package io.plumbline.status;

import io.plumbline.events.migrations.Migrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** status-projector: maintenance control, the emergency policy, the DB topology probe and the admin console. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StatusProjectorApplication {

    public static void main(String[] args) {
        Migrations.runIfRequested(args); // `migrate`: the schema step, with the migrator credential, then exit
        SpringApplication.run(StatusProjectorApplication.class, args);
    }
}
