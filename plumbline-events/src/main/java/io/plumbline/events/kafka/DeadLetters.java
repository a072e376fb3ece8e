package io.plumbline.events.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventDecodingException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The error handler every Plumbline listener uses: transient failures are retried with backoff in place
 * (the offset is not committed meanwhile, so nothing is lost on a crash); poison records — undecodable
 * events, or failures that outlast the retries — go to {@code <topic>.DLT} with Spring Kafka's failure
 * headers, byte for byte as they arrived, and the partition moves on.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    public static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> template, MeterRegistry meters,
            ExponentialBackOff backOff) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> {
                    log.error("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                            rootMessage(exception));
                    meters.counter("plumbline.events.dead_lettered", "topic", record.topic()).increment();
                    return new TopicPartition(record.topic() + ".DLT", -1);
                });
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(EventDecodingException.class, IllegalArgumentException.class);
        return handler;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
