package io.plumbline.status.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.status.console.ConsoleProperties;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.core.io.ClassPathResource;

/** A card reads a metric key that must be a configured query: a misspelt or missing one fails start-up. */
class StatusCardsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Cards.class);

    @Test
    void startsWithTheShippedQueries() {
        context.withPropertyValues(shippedQueries()).run(started -> assertThat(started).hasNotFailed()
                .hasSingleBean(StatusCards.class));
    }

    @Test
    void aCardMetricMissingFromTheQueriesFailsStartUpNamingTheKey() {
        String[] withoutVipMaster = java.util.Arrays.stream(shippedQueries())
                .filter(p -> !p.startsWith("plumbline.metrics.queries.vip-master=")).toArray(String[]::new);
        context.withPropertyValues(withoutVipMaster).run(failed -> {
            assertThat(failed).hasFailed();
            assertThat(failed.getStartupFailure()).rootCause().hasMessageContaining("plumbline.metrics.queries")
                    .hasMessageContaining("vip-master");
        });
    }

    /** {@code plumbline.metrics.queries.*} from the shipped application.yml, as property values. */
    private static String[] shippedQueries() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties all = yaml.getObject();
        Map<String, String> queries = all.stringPropertyNames().stream()
                .filter(k -> k.startsWith("plumbline.metrics.queries."))
                .collect(Collectors.toMap(k -> k, all::getProperty));
        assertThat(queries).isNotEmpty();
        return queries.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ConsoleProperties.class, MetricsProperties.class})
    @Import(StatusCards.class)
    static class Cards {

        @Bean
        MessageSource messageSource() {
            return new StaticMessageSource();
        }
    }
}
