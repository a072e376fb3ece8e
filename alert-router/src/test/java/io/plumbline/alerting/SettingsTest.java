package io.plumbline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.alerting.slack.SlackProperties;
import io.plumbline.alerting.slack.SlackRoutes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A bad setting stops start-up with a message naming the key. */
class SettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SlackProperties.class, AlertingProperties.class})
    @Import(SlackRoutes.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void defaultsAreValid() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SlackProperties.class).locale()).isEqualTo("ko");
            assertThat(context.getBean(AlertingProperties.class).consoleUrl()).hasToString("http://127.0.0.1:8082");
        });
    }

    @Test
    void badValuesNameTheirKey() {
        runner.withPropertyValues("plumbline.slack.locale=fr").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("locale"));
        runner.withPropertyValues("plumbline.slack.max-attempts=0").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("maxAttempts"));
        runner.withPropertyValues("plumbline.slack.routes[0].match.team=(", "plumbline.slack.routes[0].channel=#x").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("plumbline.slack.routes[0].match.team"));
        runner.withPropertyValues("plumbline.slack.per-channel-interval=soon").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("soon"));
    }
}
