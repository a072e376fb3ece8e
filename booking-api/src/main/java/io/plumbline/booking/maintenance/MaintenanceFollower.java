package io.plumbline.booking.maintenance;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventDecodingException;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.TopicFollower;
import java.util.List;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Reads {@code ops.maintenance.v1} from the beginning on every start (no consumer group: every replica needs every
 * record) and follows it live. The gate counts as caught up once it has read up to the end offsets it saw at start.
 */
@Component
class MaintenanceFollower {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceFollower.class);

    private final MaintenanceGate gate;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final TopicFollower follower;

    MaintenanceFollower(MaintenanceGate gate, EventCodec codec, MeterRegistry meters,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.gate = gate;
        this.codec = codec;
        this.meters = meters;
        this.follower = new TopicFollower(bootstrapServers, List.of(Topics.MAINTENANCE.name()), TopicFollower.Start.EARLIEST,
                "booking-api-maintenance", new TopicFollower.Handler() {
                    @Override
                    public void record(ConsumerRecord<String, byte[]> record) {
                        apply(record);
                    }

                    @Override
                    public void caughtUp() {
                        if (!gate.isCaughtUp()) {
                            gate.markCaughtUp();
                            log.info("maintenance state caught up: {}", gate.decision());
                        }
                    }
                }, meters, TopicFollower.FIRST); // following before the web server takes traffic
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            ReceivedEvent event = codec.decode(record);
            if (event.payload() instanceof MaintenanceStateChanged state && gate.apply(state)) {
                log.info("maintenance {} v{} ({}): {}", state.mode(), state.version(), state.triggeredBy(), state.reason());
            }
        } catch (EventDecodingException e) {
            // a poison record must never stall the gate; it stays on the compacted topic for people to inspect
            log.error("skipping unreadable maintenance record at offset {}: {}", record.offset(), e.getMessage());
            meters.counter("plumbline.maintenance.follower.poison").increment();
        }
    }

    /** The follower is a bean of its own, so it starts and stops with the context. */
    @Bean
    TopicFollower maintenanceTopicFollower() {
        return follower;
    }
}
