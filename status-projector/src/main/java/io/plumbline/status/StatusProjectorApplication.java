package io.plumbline.status;

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
        SpringApplication.run(StatusProjectorApplication.class, args);
    }
}
