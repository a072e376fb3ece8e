package io.plumbline.events.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;

/**
 * A service started by the local launcher ({@code -Dplumbline.parent-pid}) stops itself, gracefully, when the
 * launcher is gone. The launcher runs each service in a session of its own, so that only the launcher decides when
 * it stops; without this a {@code kill -9} of the launcher would leave the services running, holding their ports.
 * Inactive in production (nothing sets the property).
 */
@AutoConfiguration
@ConditionalOnProperty("plumbline.parent-pid")
public class ParentProcessWatch {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatch.class);

    @Bean
    ApplicationListener<ApplicationReadyEvent> stopWithTheLauncher(@Value("${plumbline.parent-pid}") long parentPid,
            ApplicationContext context) {
        return ready -> ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> stop(parentPid, context)),
                () -> stop(parentPid, context));
    }

    private static void stop(long parentPid, ApplicationContext context) {
        log.warn("the launcher (pid {}) is gone: stopping", parentPid);
        // not on the thread that observed the exit: closing the context waits for threads, this one among them
        new Thread(() -> System.exit(SpringApplication.exit(context)), "plumbline-parent-gone").start();
    }
}
