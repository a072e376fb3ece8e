package io.plumbline.backup;

import io.plumbline.events.migrations.Migrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One backup and exit (exit code for the Kubernetes CronJob), or, with {@code plumbline.backup.mode=scheduled}, a
 * long-running scheduler (local stack) with actuator on its port.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BackupWorkerApplication {

    public static void main(String[] args) {
        if (Migrations.requested(args)) {
            // the same step as every service, so deployments need no special case; the dumped schema is booking-api's
            System.out.println("backup-worker owns no schema: nothing to migrate");
            return;
        }
        ConfigurableApplicationContext context = SpringApplication.run(BackupWorkerApplication.class, args);
        if (exitsAfterStart(context)) {
            System.exit(SpringApplication.exit(context));
        }
    }

    /** In {@code once} mode the backup ran during start-up: exit with its code. A scheduler keeps running. */
    static boolean exitsAfterStart(ConfigurableApplicationContext context) {
        return context.getBean(BackupProperties.class).mode() == BackupProperties.Mode.ONCE;
    }
}
