package io.plumbline.events.migrations;

import java.util.LinkedHashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The migration step's application: Boot's Flyway auto-configuration and nothing else, so the service's own
 * {@code spring.flyway.*} settings (locations, baseline, placeholders) apply exactly as they used to, on a data source
 * built from {@code spring.flyway.url/user/password} alone. Kept apart from {@link Migrations} so that a service
 * without Flyway on its class path can still ask {@link Migrations#requested}.
 */
final class FlywayStep {

    private FlywayStep() {
    }

    static void run(Map<String, String> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(overrides);
        properties.put("spring.flyway.enabled", "true"); // the running service has it off; this step is its only user
        SpringApplication app = new SpringApplication(MigrationStep.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setRegisterShutdownHook(false);
        app.addInitializers(context -> {
            var env = context.getEnvironment();
            env.getPropertySources().addFirst(new MapPropertySource("migrate", properties));
            for (String key : new String[] {"spring.flyway.url", "spring.flyway.user"}) {
                if (env.getProperty(key, "").isBlank()) {
                    // without a URL Boot would silently skip Flyway, without a user fall back to the service's account
                    throw new IllegalStateException(key + " is not set (environment " + key.toUpperCase().replace('.', '_')
                            + "): the migration step connects with the migrator credential only");
                }
            }
        });
        try (ConfigurableApplicationContext context = app.run()) {
            if (context.getBeansOfType(Flyway.class).isEmpty()) {
                throw new IllegalStateException("Flyway did not run (spring.flyway.* incomplete)");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static class MigrationStep {
    }
}
