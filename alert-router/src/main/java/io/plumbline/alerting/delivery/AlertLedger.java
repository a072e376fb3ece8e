package io.plumbline.alerting.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.kafka.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the Slack consumer remembers about alert episodes (processed event ids, thread ts, state), kept in the
 * router's own schema — with a write-behind overlay in memory for when that database is unreachable.
 *
 * <p>The router's most important message is the one saying the database primary is down, and its own schema lives
 * on that cluster. So a database outage must not hold deliveries back: reads that fail count as "not known" (the
 * router would rather post twice than miss a {@code [FATAL ERROR]}), writes that fail are kept here and written
 * when the database answers again ({@link #flush()}), and a circuit breaker makes the calls fail fast meanwhile.
 * Episodes delivered during the outage stay in memory, so their {@code [RESOLVED]} still lands in the thread.
 * What is lost if the router also restarts during the outage: the memory of those episodes — a resolve is then
 * posted as a new message rather than a thread reply. No alert is lost either way: offsets are Kafka's.
 */
@Component
public class AlertLedger {

    private static final Logger log = LoggerFactory.getLogger(AlertLedger.class);
    /** The one consumer whose ledger this is; the platform notifier shares it, so a fact is posted once. */
    private static final String CONSUMER = AlertNotifier.CONSUMER;

    private record Key(String fingerprint, Instant startsAt) {
    }

    private final AlertThreads threads;
    private final ProcessedEvents processed;
    private final TransactionTemplate tx;
    private final CircuitBreaker database;
    private final Map<Key, AlertThreads.Thread> unsavedThreads = new ConcurrentHashMap<>();
    private final Map<Key, String> unsavedReplies = new ConcurrentHashMap<>();
    private final Map<String, ReceivedEvent> unsavedEvents = new ConcurrentHashMap<>();

    AlertLedger(AlertThreads threads, ProcessedEvents processed, TransactionTemplate tx, CircuitBreaker database,
            MeterRegistry meters) {
        this.threads = threads;
        this.processed = processed;
        this.tx = tx;
        this.database = database;
        Gauge.builder("plumbline.alerts.ledger.unsaved", this, l -> l.unsavedThreads.size() + l.unsavedEvents.size()
                        + l.unsavedReplies.size())
                .description("alert episode facts delivered but not yet written to the router's database").register(meters);
        Gauge.builder("plumbline.alerts.ledger.database.available", database,
                        b -> b.getState() == CircuitBreaker.State.OPEN ? 0 : 1)
                .description("1 while the router's database answers, 0 while its circuit is open").register(meters);
    }

    /** Whether the Slack consumer has already handled the event (false when the database cannot say). */
    boolean isProcessed(String eventId) {
        return unsavedEvents.containsKey(eventId) || read(() -> processed.isProcessed(CONSUMER, eventId), false);
    }

    Optional<AlertThreads.Thread> find(String fingerprint, Instant startsAt) {
        AlertThreads.Thread unsaved = unsavedThreads.get(new Key(fingerprint, startsAt));
        return unsaved != null ? Optional.of(unsaved) : read(() -> threads.find(fingerprint, startsAt), Optional.empty());
    }

    /** The database could not say (down, or its circuit open). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(RuntimeException cause) {
            super("the router's database is unavailable: " + cause.getMessage(), cause);
        }
    }

    /**
     * An episode as the Slack side knows it, for the interaction buttons: from what the outage kept in memory, else
     * from the database. Unlike the consumer's reads, "cannot say" is not "not known" here.
     *
     * @throws Unavailable when the episode is not in memory and the database does not answer
     */
    public Optional<AlertThreads.Thread> episode(String fingerprint, Instant startsAt) {
        AlertThreads.Thread unsaved = unsavedThreads.get(new Key(fingerprint, startsAt));
        if (unsaved != null) {
            return Optional.of(unsaved);
        }
        try {
            return database.executeSupplier(() -> threads.find(fingerprint, startsAt));
        } catch (CallNotPermittedException | DataAccessException | TransactionException e) {
            throw new Unavailable(e);
        }
    }

    /** The most recent episode of an alert, whether written yet or not. */
    Optional<AlertThreads.Thread> latest(String fingerprint) {
        Optional<AlertThreads.Thread> stored = read(() -> threads.latest(fingerprint), Optional.empty());
        return Stream.concat(stored.stream(), unsavedThreads.values().stream().filter(t -> t.fingerprint().equals(fingerprint)))
                .max(Comparator.comparing(AlertThreads.Thread::startsAt));
    }

    Optional<String> replyTs(String fingerprint, Instant startsAt) {
        String unsaved = unsavedReplies.get(new Key(fingerprint, startsAt));
        return unsaved != null ? Optional.of(unsaved) : read(() -> threads.replyTs(fingerprint, startsAt), Optional.empty());
    }

    void markReplied(String fingerprint, Instant startsAt, String replyTs) {
        Key key = new Key(fingerprint, startsAt);
        if (unsavedThreads.containsKey(key) || !write(() -> threads.markReplied(fingerprint, startsAt, replyTs))) {
            unsavedReplies.put(key, replyTs);
        }
    }

    /** Records that the Slack consumer handled the events, with the episodes they changed (null entries for none). */
    void record(List<ReceivedEvent> events, List<AlertThreads.Thread> changed) {
        boolean written = unsavedThreads.isEmpty() && unsavedEvents.isEmpty() && write(() -> {
            for (AlertThreads.Thread t : changed) {
                if (t != null) {
                    threads.save(t);
                }
            }
            for (ReceivedEvent e : events) {
                processed.markProcessed(CONSUMER, e);
            }
        });
        if (!written) { // keep order: while anything is unsaved, new facts queue behind it
            for (AlertThreads.Thread t : changed) {
                if (t != null) {
                    unsavedThreads.merge(new Key(t.fingerprint(), t.startsAt()), t, AlertLedger::later);
                }
            }
            events.forEach(e -> unsavedEvents.put(e.id(), e));
            log.warn("alert ledger: {} fact(s) kept in memory until the database answers", unsavedThreads.size()
                    + unsavedEvents.size());
        }
    }

    void record(ReceivedEvent event, AlertThreads.Thread changed) {
        List<AlertThreads.Thread> thread = new ArrayList<>();
        thread.add(changed); // may be null: List.of would refuse it
        record(List.of(event), thread);
    }

    /** Writes what the outage kept in memory, once the database answers again. */
    @Scheduled(fixedDelayString = "${plumbline.alerting.ledger-flush-interval:2s}")
    void flush() {
        if (unsavedThreads.isEmpty() && unsavedEvents.isEmpty() && unsavedReplies.isEmpty()) {
            return;
        }
        Map<Key, AlertThreads.Thread> threadsNow = Map.copyOf(unsavedThreads);
        Map<Key, String> repliesNow = Map.copyOf(unsavedReplies);
        Map<String, ReceivedEvent> eventsNow = Map.copyOf(unsavedEvents);
        boolean written = write(() -> {
            threadsNow.values().forEach(threads::save);
            repliesNow.forEach((k, ts) -> threads.markReplied(k.fingerprint(), k.startsAt(), ts));
            eventsNow.values().forEach(e -> processed.markProcessed(CONSUMER, e));
        });
        if (written) {
            threadsNow.forEach(unsavedThreads::remove);
            repliesNow.forEach(unsavedReplies::remove);
            eventsNow.forEach(unsavedEvents::remove);
            log.info("alert ledger: wrote {} episode(s), {} reply(ies), {} event id(s) kept during the database outage",
                    threadsNow.size(), repliesNow.size(), eventsNow.size());
        }
    }

    private <T> T read(Supplier<T> query, T unknown) {
        try {
            return database.executeSupplier(query);
        } catch (CallNotPermittedException | DataAccessException | TransactionException e) {
            return unknown;
        }
    }

    private boolean write(Runnable statements) {
        try {
            database.executeRunnable(() -> tx.executeWithoutResult(s -> statements.run()));
            return true;
        } catch (CallNotPermittedException | DataAccessException | TransactionException e) {
            return false;
        }
    }

    private static AlertThreads.Thread later(AlertThreads.Thread known, AlertThreads.Thread incoming) {
        String ts = incoming.messageTs() != null ? incoming.messageTs() : known.messageTs();
        String threadTs = incoming.threadTs() != null ? incoming.threadTs() : known.threadTs();
        return new AlertThreads.Thread(incoming.fingerprint(), incoming.startsAt(), incoming.state(), incoming.alertname(),
                incoming.channel(), ts, incoming.labels(), threadTs);
    }
}
