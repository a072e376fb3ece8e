package io.plumbline.booking.cdc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.plumbline.booking.outbox.Outbox;
import io.plumbline.events.EventCodec;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.kafka.PublishFailedException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox events Debezium hands over, at least once: a batch is sent to Kafka, every send is awaited,
 * and only then are the records marked processed (the engine's offset moves) and the outbox rows deleted. While
 * Kafka is unreachable the batch is retried with backoff; the binlog position does not move, so nothing is lost.
 */
class OutboxPublisher implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final EventPublisher publisher;
    private final EventCodec codec;
    private final Outbox outbox;
    private final BooleanSupplier keepGoing;
    private final Timer lag;
    private volatile Instant lastPublished;

    OutboxPublisher(EventPublisher publisher, EventCodec codec, Outbox outbox, MeterRegistry meters, BooleanSupplier keepGoing) {
        this.publisher = publisher;
        this.codec = codec;
        this.outbox = outbox;
        this.keepGoing = keepGoing;
        this.lag = Timer.builder("plumbline.cdc.lag").description("outbox commit → acknowledged by Kafka")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer) throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord record = event.value();
            if (record == null || record.value() == null || record.topic().startsWith("__debezium-heartbeat")) {
                committer.markProcessed(event); // tombstone, filtered or heartbeat: nothing to publish, the offset moves
                continue;
            }
            pending.add(new Pending(event, record));
        }
        Duration backoff = Duration.ofMillis(200);
        while (!pending.isEmpty()) {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (Pending p : pending) {
                sends.add(publisher.send(codec.toRecord(Topics.BOOKING_EVENTS, p.id(), p.type(), p.key(), p.payload(), p.time())));
            }
            try {
                EventPublisher.await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), Duration.ofSeconds(30));
                break;
            } catch (PublishFailedException e) {
                if (!keepGoing.getAsBoolean()) {
                    throw new InterruptedException("stopping with " + pending.size() + " unpublished outbox events; "
                            + "they are published again from the stored offset");
                }
                log.warn("publishing {} outbox events failed ({}); retrying in {} ms", pending.size(), e.getMessage(), backoff.toMillis());
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        for (Pending p : pending) {
            committer.markProcessed(p.event());
            Duration behind = Duration.between(p.time(), now);
            lag.record(behind.isNegative() ? Duration.ZERO : behind); // clocks of two hosts: never a negative lag
            ids.add(p.id());
        }
        committer.markBatchFinished();
        lastPublished = pending.isEmpty() ? lastPublished : now;
        deletePublished(ids);
    }

    /**
     * Deletes the rows of published events, and those a failed delete left behind earlier. A failure is harmless —
     * the events are out — so the ids wait for the next batch (bounded: beyond {@link #MAX_UNDELETED} the rows stay
     * as backlog, which the outbox-backlog metric shows).
     */
    private void deletePublished(List<String> ids) {
        List<String> all = new ArrayList<>(ids);
        all.addAll(undeleted);
        if (all.isEmpty()) {
            return;
        }
        try {
            outbox.delete(all);
            undeleted.clear();
        } catch (RuntimeException e) {
            log.warn("could not delete {} published outbox rows (retried with the next batch): {}", all.size(), e.getMessage());
            for (String id : ids) {
                if (undeleted.size() < MAX_UNDELETED) {
                    undeleted.add(id);
                }
            }
        }
    }

    /** Ids of published events whose outbox rows are still to be deleted (the engine calls back on one thread). */
    private final java.util.Set<String> undeleted = new java.util.LinkedHashSet<>();
    private static final int MAX_UNDELETED = 100_000;

    Instant lastPublished() {
        return lastPublished;
    }

    /** One outbox event as the EventRouter shaped it: id and type in headers, key = aggregate id, value = payload. */
    private record Pending(ChangeEvent<SourceRecord, SourceRecord> event, SourceRecord record) {

        String id() {
            return header("id");
        }

        String type() {
            return header("eventType");
        }

        String key() {
            return String.valueOf(record.key());
        }

        byte[] payload() {
            Object value = record.value();
            return value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
        }

        /**
         * When the change was written: the outbox row's {@code created_at} (placed in header {@code createdAt} by the
         * EventRouter; a TIMESTAMP(6) arrives as an ISO-8601 string). Without it, the record's timestamp, which is
         * when Debezium read the change, not when it was committed.
         */
        Instant time() {
            Header h = record.headers().lastWithName("createdAt");
            if (h != null && h.value() instanceof String iso) {
                try {
                    return Instant.parse(iso);
                } catch (java.time.format.DateTimeParseException ignored) {
                    // fall through to the record's timestamp
                }
            }
            return record.timestamp() == null ? Instant.now() : Instant.ofEpochMilli(record.timestamp());
        }

        private String header(String name) {
            Header h = record.headers().lastWithName(name);
            if (h == null || h.value() == null) {
                throw new IllegalStateException("outbox record without header " + name + ": " + record);
            }
            return h.value().toString();
        }
    }
}
