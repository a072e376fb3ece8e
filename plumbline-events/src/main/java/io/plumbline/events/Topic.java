package io.plumbline.events;

import java.time.Duration;
import java.util.Map;

/**
 * One Kafka topic of the catalogue: its name and the settings it is created with.
 *
 * @param name       {@code <domain>.<what>.v<N>}
 * @param key        what the record key is (documentation; producers must follow it)
 * @param partitions partition count
 * @param compacted  log-compacted (latest value per key kept) instead of time-based deletion
 * @param retention  how long records are kept (ignored for compacted topics)
 */
public record Topic(String name, String key, int partitions, boolean compacted, Duration retention) {

    /** The dead-letter topic for poison records of this topic ({@code <topic>.DLT}, Spring Kafka's default). */
    public String deadLetter() {
        return name + ".DLT";
    }

    /** Topic-level configuration used when the topic is created. */
    public Map<String, String> config() {
        return compacted
                ? Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0", "segment.ms", "3600000")
                : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }
}
