package io.plumbline.alerting.interaction;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;

import io.plumbline.alerting.AlertingProperties;
import io.plumbline.alerting.delivery.AlertLedger;
import io.plumbline.alerting.delivery.AlertThreads;
import io.plumbline.alerting.slack.SlackClient;
import io.plumbline.alerting.slack.SlackMessages;
import io.plumbline.events.logging.LogSafe;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertSilenced;
import io.plumbline.events.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out a verified button click after Slack has had its 200: looks the episode up, creates the Alertmanager
 * silence, publishes the event. Anything the user should know (try again, unknown alert, silences off) goes back to
 * them as an ephemeral message through the click's {@code response_url}; success shows as the thread reply that the
 * event produces.
 *
 * <p>Event ids are derived, never random, so that Slack resending a click or a user clicking twice is one event for
 * every idempotent consumer: an acknowledgement is one per user and episode; a silence is named by the Alertmanager
 * silence it created, and a click finds an active silence of the same labels made moments ago instead of adding one.
 */
@Component
class SlackActions {

    /** A click, as far as the controller could tell from the signed request. */
    record Click(String action, String fingerprint, Instant startsAt, String userId, String user, URI responseUrl) {
    }

    private static final Logger log = LoggerFactory.getLogger(SlackActions.class);
    /** A silence this much shorter than a new one would be still counts as "the one the first click made". */
    private static final Duration SAME_SILENCE = Duration.ofMinutes(1);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final AlertLedger ledger;
    private final EventPublisher publisher;
    private final AlertmanagerSilences silences;
    private final AlertingProperties alerting;
    private final SlackClient slack;
    private final SlackMessages messages;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(200), new CustomizableThreadFactory("slack-action-"));
    /** Clicks on one alert's silence button, one at a time (two clicks must not both find no silence). */
    private final ReentrantLock[] silenceLocks = new ReentrantLock[32];

    SlackActions(AlertLedger ledger, EventPublisher publisher, AlertmanagerSilences silences, AlertingProperties alerting,
            SlackClient slack, SlackMessages messages) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.silences = silences;
        this.alerting = alerting;
        this.slack = slack;
        this.messages = messages;
        for (int i = 0; i < silenceLocks.length; i++) {
            silenceLocks[i] = new ReentrantLock();
        }
    }

    /** @throws RejectedExecutionException when too many clicks are waiting (the caller answers 503) */
    void submit(Click click) {
        workers.execute(() -> carryOut(click));
    }

    static String ackId(Click click) {
        return derived("slack-ack", click.fingerprint(), click.startsAt().toString(), click.userId());
    }

    static String silenceEventId(String silenceId) {
        return derived("slack-silence", silenceId);
    }

    void carryOut(Click click) {
        try {
            Optional<AlertThreads.Thread> thread = ledger.episode(click.fingerprint(), click.startsAt());
            if (thread.isEmpty()) {
                tell(click, "unknown-alert");
                return;
            }
            AlertThreads.Thread t = thread.get();
            Instant now = Instant.now();
            switch (click.action()) {
                case "ack" -> publisher.publishAndWait(Topics.ALERTS, ackId(click),
                        new AlertAcknowledged(t.fingerprint(), t.alertname(), click.user(), now), now, PUBLISH_TIMEOUT);
                case "silence" -> silence(click, t, now);
                default -> throw new IllegalArgumentException("not an alert action: " + click.action());
            }
        } catch (RuntimeException e) { // database, Alertmanager or broker away: the user may click again
            log.warn("Slack {} on {} by {} not carried out: {}", click.action(), LogSafe.of(click.fingerprint()),
                    LogSafe.of(click.user()), LogSafe.of(e.getMessage()));
            tell(click, "unavailable");
        }
    }

    private void silence(Click click, AlertThreads.Thread t, Instant now) {
        if (!silences.available()) {
            tell(click, "silences-off");
            return;
        }
        ReentrantLock lock = silenceLocks[Math.floorMod(t.fingerprint().hashCode(), silenceLocks.length)];
        lock.lock();
        try {
            Instant until = now.plus(alerting.silenceDuration());
            String id = silences.active(t.labels(), until.minus(SAME_SILENCE))
                    .orElseGet(() -> silences.silence(t.labels(), until, click.user(), "Silenced from Slack by " + click.user()));
            publisher.publishAndWait(Topics.ALERTS, silenceEventId(id),
                    new AlertSilenced(t.fingerprint(), t.alertname(), id, click.user(), until, now), now, PUBLISH_TIMEOUT);
        } finally {
            lock.unlock();
        }
    }

    private void tell(Click click, String notice) {
        if (click.responseUrl() == null) {
            return;
        }
        try {
            slack.respond(click.responseUrl(), messages.notice(notice));
        } catch (RuntimeException e) {
            log.warn("could not answer the Slack click on {}: {}", LogSafe.of(click.fingerprint()), LogSafe.of(e.getMessage()));
        }
    }

    private static String derived(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(15, TimeUnit.SECONDS);
    }
}
