package io.plumbline.backup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * One backup and exit (exit code for the Kubernetes CronJob), or, with {@code plumbline.backup.mode=scheduled}, a
 * long-running scheduler (local stack) with actuator on its port.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BackupWorkerApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(BackupWorkerApplication.class, args)));
    }
}
