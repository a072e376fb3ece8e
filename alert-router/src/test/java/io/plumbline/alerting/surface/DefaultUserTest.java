package io.plumbline.alerting.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.plumbline.alerting.AlertRouterApplication;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The router as {@code java -jar} starts it creates no user of its own: Spring Boot's generated default user (and
 * the password it prints) would be a credential nobody configured. Started here outside the test context cache, so
 * that its start-up log is certainly the one read.
 */
@ExtendWith({PlumblineStack.class, OutputCaptureExtension.class})
class DefaultUserTest {

    @Test
    void noDefaultUserIsGeneratedAndNoPasswordIsLogged(CapturedOutput output) {
        List<String> args = new ArrayList<>();
        PlumblineStack.properties(ServiceDefinition.ALERT_ROUTER).forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of("--server.port=0", "--spring.kafka.listener.auto-startup=false",
                "--spring.application.name=alert-router-default-user"));
        try (ConfigurableApplicationContext router = SpringApplication.run(AlertRouterApplication.class,
                args.toArray(String[]::new))) {
            assertThat(router.isActive()).as("started").isTrue();
            // Boot warns with the generated password while the context starts: the capture spans all of it
            assertThat(output.getAll()).doesNotContain("Using generated security password");
            assertThat(router.getBeanNamesForType(UserDetailsService.class)).isEmpty();
        }
    }
}
