package io.plumbline.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.kafka.ProcessedEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The processed-event log on this service's own schema. Declared here because the shared auto-configuration's
 * condition is evaluated before Boot's JDBC and transaction auto-configurations have registered their beans.
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    ProcessedEvents processedEvents(JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters) {
        return new ProcessedEvents(jdbc, tx, meters);
    }
}
