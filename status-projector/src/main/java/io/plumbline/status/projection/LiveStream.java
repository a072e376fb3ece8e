package io.plumbline.status.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.TopicFollower;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds the console's live stream from this instance's own follower of the topics worth watching (not metrics): every
 * replica sees every event, whichever replica projects it, and needs no database for it, so the stream keeps running
 * while the status schema's primary is down, which is when admins watch it. It starts at the topics' end: a page load
 * shows the recent past from the projection, the stream only what happens next.
 */
@Configuration(proxyBeanMethods = false)
class LiveStream {

    static final List<String> TOPICS = List.of(Topics.ALERTS.name(), Topics.DB_TOPOLOGY.name(), Topics.MAINTENANCE.name(),
            Topics.BACKUPS.name(), Topics.NOTIFICATIONS.name(), Topics.BOOKING_EVENTS.name());

    @Bean
    TopicFollower liveStreamFollower(EventCodec codec, Projection projection, LiveFeed feed, MeterRegistry meters,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return new TopicFollower(bootstrapServers, TOPICS, TopicFollower.Start.LATEST, "status-projector-live",
                (ConsumerRecord<String, byte[]> record) -> feed.publish(projection.describe(codec.decode(record))), meters);
    }
}
