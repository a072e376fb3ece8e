package io.plumbline.backup;

import java.time.Clock;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the backup once at start (and exits with its code), or on the cron schedule in scheduled mode. */
@Component
class BackupRunner implements ApplicationRunner, ExitCodeGenerator {

    private final BackupJob job;
    private final BackupProperties properties;
    private volatile int exitCode;

    BackupRunner(BackupJob job, BackupProperties properties) {
        this.job = job;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.mode() == BackupProperties.Mode.ONCE) {
            exitCode = job.run(args.containsOption("trigger") ? args.getOptionValues("trigger").get(0) : "cronjob").exitCode();
        }
    }

    @Scheduled(cron = "${plumbline.backup.schedule:0 0 19 * * *}", zone = "UTC")
    void scheduled() {
        if (properties.mode() == BackupProperties.Mode.SCHEDULED) {
            job.run("schedule");
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Config {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
