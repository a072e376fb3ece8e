package io.plumbline.status.projection;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.kafka.ProcessedEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every topic into the read model, once per event id. A record that cannot be decoded goes to
 * {@code <topic>.DLT}; a database outage (the status schema lives on the primary) is waited out instead, see
 * {@link ProjectionConfig}. The consumer group shares the partitions among the replicas, so the live stream does not
 * come from here but from each replica's own {@link LiveStream}.
 */
@Component
class ProjectionListener {

    static final String CONSUMER = "status-projection";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final Projection projection;

    ProjectionListener(EventCodec codec, ProcessedEvents processed, Projection projection) {
        this.codec = codec;
        this.processed = processed;
        this.projection = projection;
    }

    @KafkaListener(id = CONSUMER, groupId = "${plumbline.projection.group-id:status-projector-projection}",
            containerFactory = "projectionContainerFactory",
            // one consumer per partition of the 3-partition topics: events of one aggregate share a partition, so
            // their order holds; different aggregates' upserts commit in parallel (semi-sync commits dominate)
            concurrency = "${plumbline.projection.consumers:3}",
            topics = {"booking.events.v1", "ops.alerts.v1", "ops.notifications.v1", "ops.db-topology.v1",
                    "ops.maintenance.v1", "ops.backups.v1", "ops.metrics.v1"})
    void on(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent event = codec.decode(record);
        processed.once(CONSUMER, event, projection::apply);
    }
}
