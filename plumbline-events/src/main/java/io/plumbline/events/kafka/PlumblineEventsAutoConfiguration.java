package io.plumbline.events.kafka;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wires the event backbone into every service: String keys and CloudEvents-in-binary-mode byte values, an
 * idempotent producer with {@code acks=all}, manual-safe consumers (no auto commit, {@code read_committed},
 * from the earliest offset for a new group), the dead-letter error handler, and {@link ProcessedEvents}
 * when the service has a database.
 */
// after the JDBC and transaction auto-configurations, so that ProcessedEvents sees their JdbcTemplate/TransactionTemplate
@AutoConfiguration(afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
@EnableConfigurationProperties(EventsProperties.class)
public class PlumblineEventsAutoConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer plumblineProducerCustomizer() {
        return factory -> {
            factory.updateConfigs(Map.of(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer plumblineConsumerCustomizer() {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(EventsProperties properties, @Value("${spring.application.name:plumbline}") String app) {
        return new EventCodec(properties.source() != null ? properties.source() : "/" + app);
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec,
            ObjectProvider<MeterRegistry> meters) {
        return new EventPublisher(kafka, codec, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler plumblineErrorHandler(KafkaTemplate<String, byte[]> kafka, EventsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(Math.max(properties.retryInitial().toMillis(), 2_000));
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return DeadLetters.errorHandler(kafka, meters.getIfAvailable(SimpleMeterRegistry::new), backOff);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcTemplate.class)
    static class IdempotencyConfiguration {

        @Bean
        @ConditionalOnBean({JdbcTemplate.class, TransactionTemplate.class})
        @ConditionalOnMissingBean
        ProcessedEvents processedEvents(JdbcTemplate jdbc, TransactionTemplate tx, ObjectProvider<MeterRegistry> meters) {
            return new ProcessedEvents(jdbc, tx, meters.getIfAvailable(SimpleMeterRegistry::new));
        }
    }
}
