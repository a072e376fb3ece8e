package io.plumbline.status.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.events.kafka.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@code ops.db-topology.v1} last said about each cluster's writer, read by this instance from the beginning. A
 * replica that takes over the topology watch starts from it: if the last word was {@code WriterLost}, the new leader's
 * first healthy rounds publish the {@code WriterRestored} the emergency policy is waiting for, instead of a silent
 * baseline that would leave customers in maintenance until an admin steps in.
 */
final class WriterFacts implements AutoCloseable {

    /** The last writer fact of a cluster was a loss; {@code lastWriter} is the server that was lost (may be null). */
    record Lost(String lastWriter) {
    }

    private final Map<String, Optional<Lost>> lastWord = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    WriterFacts(String bootstrapServers, EventCodec codec, MeterRegistry meters) {
        this.follower = new TopicFollower(bootstrapServers, List.of(Topics.DB_TOPOLOGY.name()),
                TopicFollower.Start.EARLIEST, "status-projector-writer-facts", new TopicFollower.Handler() {
                    @Override
                    public void replaying() {
                        lastWord.clear();
                    }

                    @Override
                    public void record(ConsumerRecord<String, byte[]> record) {
                        ReceivedEvent event = codec.decode(record);
                        if (event.payload() instanceof WriterLost lost) {
                            lastWord.put(lost.cluster(), Optional.of(new Lost(lost.lastWriter())));
                        } else if (event.payload() instanceof WriterRestored restored) {
                            lastWord.put(restored.cluster(), Optional.empty());
                        }
                    }
                }, meters);
    }

    void start() {
        follower.start();
    }

    boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    /** The loss the topic last reported for {@code cluster} and nothing has restored since, if any. */
    Optional<Lost> unrestoredLoss(String cluster) {
        return lastWord.getOrDefault(cluster, Optional.empty());
    }

    @Override
    public void close() {
        follower.stop();
    }
}
