package io.plumbline.status.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.kafka.DeadLetters;
import io.plumbline.events.kafka.EventsProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The projection's listener container: poison records go to the DLT like everywhere else, but a database that is
 * away (the primary died) is retried without limit, so a DB outage never dead-letters good events.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfig {

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> projectionContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            KafkaTemplate<String, byte[]> template, MeterRegistry meters, EventsProperties properties) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(2_000);
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        DefaultErrorHandler handler = DeadLetters.errorHandler(template, meters, backOff);
        handler.setBackOffFunction((record, e) -> databaseAway(e) ? new FixedBackOff(2_000, FixedBackOff.UNLIMITED_ATTEMPTS) : null);
        factory.setCommonErrorHandler(handler);
        return factory;
    }

    /** Declared here because the auto-configuration's condition on a TransactionTemplate is evaluated too early. */
    @Bean
    io.plumbline.events.kafka.ProcessedEvents processedEvents(org.springframework.jdbc.core.JdbcTemplate jdbc,
            org.springframework.transaction.PlatformTransactionManager transactions, MeterRegistry meters) {
        return new io.plumbline.events.kafka.ProcessedEvents(jdbc,
                new org.springframework.transaction.support.TransactionTemplate(transactions), meters);
    }

    static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadSqlGrammarException || t instanceof DataIntegrityViolationException) {
                return false;
            }
            if (t instanceof DataAccessException || t instanceof java.sql.SQLTransientException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }
}
