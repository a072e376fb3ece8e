package io.plumbline.alerting.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.alerting.slack.SlackClient;
import io.plumbline.alerting.slack.SlackException;
import io.plumbline.alerting.slack.SlackMessage;
import io.plumbline.alerting.slack.SlackProperties;
import io.plumbline.events.logging.LogSafe;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.notifications.NotificationFailed;
import io.plumbline.events.notifications.NotificationRetried;
import io.plumbline.events.notifications.NotificationSent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one message with Slack's pace and retry rules: wait for the channel ({@link ChannelGate}, which learns the
 * channel id from Slack's answer so that replies to the id and posts to the name share one pace), send, and on a retryable failure wait
 * {@code Retry-After} (429) or an exponential backoff (5xx, timeouts, unreachable) and try again, up to
 * {@code max-attempts} failures (429s do not count: they are Slack's pace, bounded by {@code max-rate-limited-waits}). Every outcome becomes an event on {@code ops.notifications.v1}.
 */
@Component
class SlackDeliveries {

    private static final Logger log = LoggerFactory.getLogger(SlackDeliveries.class);

    private final SlackClient slack;
    private final ChannelGate gate;
    private final SlackProperties properties;
    private final EventPublisher publisher;
    private final MeterRegistry meters;

    SlackDeliveries(SlackClient slack, ChannelGate gate, SlackProperties properties, EventPublisher publisher,
            MeterRegistry meters) {
        this.slack = slack;
        this.gate = gate;
        this.properties = properties;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** What caused a message: for the notification events. */
    record Cause(String subject, String eventId, String eventType) {
    }

    /** Gave up: the caller dead-letters the source record. */
    static class Undeliverable extends Exception {
        Undeliverable(String message) {
            super(message);
        }
    }

    /** The consumer is stopping (shutdown, rebalance): give up this attempt without committing the offset. */
    static class Aborted extends RuntimeException {
        Aborted(String message) {
            super(message);
        }
    }

    /**
     * @param running whether the calling consumer is still running; a stopping consumer stops retrying, leaves the
     *                offset uncommitted, and the message is delivered after the restart
     */
    SlackClient.Posted deliver(SlackMessage message, Cause cause, BooleanSupplier running)
            throws Undeliverable, InterruptedException {
        Duration backoff = properties.backoffInitial();
        int failures = 0;
        int rateLimited = 0;
        for (int attempt = 1; ; attempt++) {
            if (!running.getAsBoolean()) {
                throw new Aborted("consumer stopping; " + cause.subject() + " stays pending");
            }
            try {
                SlackClient.Posted posted = gate.send(message.channel(), () -> slack.send(message));
                gate.sameChannel(message.channel(), posted.channel());
                meters.counter("plumbline.slack.deliveries", "outcome", "sent", "channel", message.channel()).increment();
                notify(new NotificationSent(cause.subject(), cause.eventId(), cause.eventType(), message.channel(),
                        properties.transport(), posted.ts(), message.threadTs(), attempt, Instant.now()));
                return posted;
            } catch (SlackException e) {
                // a 429 is Slack's pace, not a failure: it waits Retry-After without using up an attempt
                boolean paced = e.retryAfter() != null;
                if (paced) {
                    rateLimited++;
                } else {
                    failures++;
                }
                if (!e.retryable() || failures >= properties.maxAttempts() || rateLimited > properties.maxRateLimitedWaits()) {
                    meters.counter("plumbline.slack.deliveries", "outcome", "failed", "channel", message.channel()).increment();
                    notify(new NotificationFailed(cause.subject(), cause.eventId(), message.channel(), attempt,
                            e.getMessage(), Instant.now()));
                    log.error("giving up on Slack message for {} to {} after {} attempt(s): {}", LogSafe.of(cause.subject()),
                            LogSafe.of(message.channel()), attempt, LogSafe.of(e.getMessage()));
                    throw new Undeliverable(e.getMessage());
                }
                Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff;
                if (e.retryAfter() != null) {
                    gate.pause(message.channel(), wait);
                }
                backoff = min(backoff.multipliedBy(2), properties.backoffMax());
                meters.counter("plumbline.slack.deliveries", "outcome", "retried", "channel", message.channel()).increment();
                notify(new NotificationRetried(cause.subject(), cause.eventId(), message.channel(), attempt,
                        e.getMessage(), wait, Instant.now()));
                log.warn("Slack message for {} to {} failed (attempt {}), retrying in {}: {}", LogSafe.of(cause.subject()),
                        LogSafe.of(message.channel()), attempt, wait, LogSafe.of(e.getMessage()));
                long until = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < until && running.getAsBoolean()) {
                    TimeUnit.MILLISECONDS.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                }
            }
        }
    }

    private void notify(io.plumbline.events.EventPayload outcome) {
        publisher.publish(Topics.NOTIFICATIONS, outcome).whenComplete((r, error) -> {
            if (error != null) {
                log.warn("could not publish {}: {}", outcome.getClass().getSimpleName(), error.getMessage());
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
