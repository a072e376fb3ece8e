package io.plumbline.alerting.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plumbline.alerting.alert.EpisodeState;
import io.plumbline.alerting.slack.SlackClient;
import io.plumbline.alerting.slack.SlackMessage;
import io.plumbline.alerting.slack.SlackMessages;
import io.plumbline.alerting.slack.SlackProperties;
import io.plumbline.alerting.slack.SlackRoutes;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventDecodingException;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.alerts.AlertSilenced;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * Delivers {@code ops.alerts.v1} to Slack, a poll's worth of records at a time. The offset is committed only after the
 * batch is delivered (or dead-lettered), so a restart re-reads what was pending; the processed-event log and the
 * episode state keep the re-read from posting twice. Within a batch, more than {@code storm-threshold} alert changes
 * for one channel become one summary message; the rest go one by one in offset order, so per alert in order.
 * What it remembers goes through {@link AlertLedger}, so an outage of its own database does not hold Slack back.
 */
@Component
@ConditionalOnExpression("'${plumbline.slack.bot-token:}' != '' or '${plumbline.slack.webhook-url:}' != ''")
class AlertNotifier {

    static final String CONSUMER = "alert-router.slack";
    static final String LISTENER = "alert-router-alerts";
    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

    private final EventCodec codec;
    private final AlertLedger ledger;
    private final SlackDeliveries deliveries;
    private final SlackMessages messages;
    private final SlackRoutes routes;
    private final SlackProperties properties;
    private final DeadLetterSender deadLetters;
    private final KafkaListenerEndpointRegistry registry;
    private final IncidentThreads incidents;

    AlertNotifier(EventCodec codec, AlertLedger ledger, SlackDeliveries deliveries, SlackMessages messages, SlackRoutes routes, SlackProperties properties,
            DeadLetterSender deadLetters, KafkaListenerEndpointRegistry registry, IncidentThreads incidents) {
        this.registry = registry;
        this.incidents = incidents;
        this.codec = codec;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.messages = messages;
        this.routes = routes;
        this.properties = properties;
        this.deadLetters = deadLetters;
    }

    private record Pending(ConsumerRecord<String, byte[]> record, ReceivedEvent event) {
    }

    @KafkaListener(id = LISTENER, topics = "ops.alerts.v1", batch = "true",
            concurrency = "${plumbline.slack.alert-consumers:1}",
            properties = {"max.poll.records=${plumbline.slack.max-batch:500}", "max.poll.interval.ms=900000"})
    void on(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>(); // one id twice in one poll (a resent click): once
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                ReceivedEvent event = codec.decode(record);
                if (seen.add(event.id()) && !ledger.isProcessed(event.id())) {
                    pending.add(new Pending(record, event));
                }
            } catch (EventDecodingException e) {
                log.error("undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                deadLetters.send(record, e.getMessage());
            }
        }
        Map<String, List<Pending>> changesPerChannel = new LinkedHashMap<>();
        for (Pending p : pending) {
            alertOf(p.event()).filter(a -> advances(p.event(), a))
                    .ifPresent(a -> changesPerChannel.computeIfAbsent(routes.channelFor(a.labels()), c -> new ArrayList<>()).add(p));
        }
        List<Pending> summarised = new ArrayList<>();
        for (Map.Entry<String, List<Pending>> channel : changesPerChannel.entrySet()) {
            if (channel.getValue().size() > properties.stormThreshold()) {
                storm(channel.getKey(), channel.getValue());
                summarised.addAll(channel.getValue());
            }
        }
        for (Pending p : pending) {
            if (!summarised.contains(p)) {
                one(p);
            }
        }
    }

    private void one(Pending p) throws InterruptedException {
        ReceivedEvent event = p.event();
        SlackDeliveries.Cause cause = new SlackDeliveries.Cause(event.subject(), event.id(), event.type());
        try {
            Object payload = event.payload();
            if (payload instanceof AlertFiring firing) {
                firing(event, firing.alert(), cause);
            } else if (payload instanceof AlertResolved resolved) {
                resolved(event, resolved.alert(), cause);
            } else if (payload instanceof AlertAcknowledged ack) {
                followUp(event, ack.fingerprint(), t -> messages.acknowledged(ack.alertname(), ack.acknowledgedBy(),
                        ack.acknowledgedAt(), t.channel()), cause);
            } else if (payload instanceof AlertSilenced silenced) {
                followUp(event, silenced.fingerprint(), t -> messages.silenced(silenced.alertname(),
                        silenced.silencedBy(), silenced.until(), silenced.silenceId(), t.channel()), cause);
            } else {
                done(event, null);
            }
        } catch (SlackDeliveries.Undeliverable e) {
            deadLetters.send(p.record(), e.getMessage());
            done(event, null);
        }
    }

    private void firing(ReceivedEvent event, Alert alert, SlackDeliveries.Cause cause)
            throws SlackDeliveries.Undeliverable, InterruptedException {
        if (!advances(event, alert)) {
            done(event, null);
            return;
        }
        String channel = routes.channelFor(alert.labels());
        SlackMessage message = messages.firing(alert, channel, properties.botTransport() && properties.signingSecret() != null);
        // the platform's own WriterLost message came first: the alert for the same fault replies in its thread
        Optional<IncidentThreads.Incident> incident = properties.botTransport()
                ? incidents.joinedBy(alert.alertname(), channel) : Optional.empty();
        SlackClient.Posted posted = deliveries.deliver(incident.map(i -> message.to(i.postedChannel()).inThread(i.ts()))
                .orElse(message), cause, this::running);
        AlertThreads.Thread episode = thread(alert, EpisodeState.FIRING, posted.channel() != null ? posted.channel()
                : incident.map(IncidentThreads.Incident::postedChannel).orElse(channel), posted.ts());
        done(event, incident.map(i -> withThread(episode, i.ts())).orElse(episode));
    }

    private void resolved(ReceivedEvent event, Alert alert, SlackDeliveries.Cause cause)
            throws SlackDeliveries.Undeliverable, InterruptedException {
        Optional<AlertThreads.Thread> known = ledger.find(alert.fingerprint(), alert.startsAt());
        if (known.isPresent() && known.get().state() == EpisodeState.RESOLVED) {
            done(event, null);
            return;
        }
        String channel = known.map(AlertThreads.Thread::channel).orElse(routes.channelFor(alert.labels()));
        SlackMessage message = messages.resolved(alert, channel);
        String ts = known.map(AlertThreads.Thread::messageTs).orElse(null);
        String threadTs = known.map(AlertThreads.Thread::replyTs).orElse(ts);
        if (ts != null && properties.botTransport()) {
            if (ledger.replyTs(alert.fingerprint(), alert.startsAt()).isEmpty()) {
                SlackClient.Posted reply = deliveries.deliver(message.inThread(threadTs), cause, this::running);
                ledger.markReplied(alert.fingerprint(), alert.startsAt(), reply.ts() == null ? "posted" : reply.ts());
            }
            // the original now says it is resolved, without buttons
            deliveries.deliver(message.replacing(ts), cause, this::running);
        } else {
            deliveries.deliver(message, cause, this::running);
        }
        AlertThreads.Thread episode = thread(alert, EpisodeState.RESOLVED, channel, ts);
        done(event, threadTs != null && !threadTs.equals(ts) ? withThread(episode, threadTs) : episode);
    }

    private void followUp(ReceivedEvent event, String fingerprint,
            java.util.function.Function<AlertThreads.Thread, SlackMessage> render, SlackDeliveries.Cause cause)
            throws SlackDeliveries.Undeliverable, InterruptedException {
        Optional<AlertThreads.Thread> thread = ledger.latest(fingerprint);
        if (thread.isPresent()) {
            SlackMessage message = render.apply(thread.get());
            deliveries.deliver(thread.get().messageTs() != null && properties.botTransport()
                    ? message.inThread(thread.get().replyTs()) : message, cause, this::running);
        }
        done(event, null);
    }

    private void storm(String channel, List<Pending> changes) throws InterruptedException {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (Pending p : changes) {
            if (p.event().payload() instanceof AlertFiring f) {
                firing.add(f.alert());
            } else if (p.event().payload() instanceof AlertResolved r) {
                resolved.add(r.alert());
            }
        }
        Pending first = changes.get(0);
        SlackDeliveries.Cause cause = new SlackDeliveries.Cause(first.event().subject(), first.event().id(), "storm");
        try {
            deliveries.deliver(messages.storm(firing, resolved, channel), cause, this::running);
        } catch (SlackDeliveries.Undeliverable e) {
            for (Pending p : changes) {
                deadLetters.send(p.record(), e.getMessage());
            }
        }
        List<ReceivedEvent> events = new ArrayList<>();
        List<AlertThreads.Thread> episodes = new ArrayList<>();
        for (Pending p : changes) {
            Alert alert = alertOf(p.event()).orElseThrow();
            EpisodeState state = p.event().payload() instanceof AlertFiring ? EpisodeState.FIRING : EpisodeState.RESOLVED;
            events.add(p.event());
            episodes.add(thread(alert, state, channel, null));
        }
        ledger.record(events, episodes);
        log.info("alert storm: {} changes for {} sent as one summary", changes.size(), channel);
    }

    private boolean advances(ReceivedEvent event, Alert alert) {
        EpisodeState incoming = event.payload() instanceof AlertFiring ? EpisodeState.FIRING : EpisodeState.RESOLVED;
        EpisodeState known = ledger.find(alert.fingerprint(), alert.startsAt()).map(AlertThreads.Thread::state).orElse(null);
        return EpisodeState.advances(known, incoming);
    }

    private boolean running() {
        var container = registry.getListenerContainer(LISTENER);
        return container == null || container.isRunning();
    }

    private static Optional<Alert> alertOf(ReceivedEvent event) {
        if (event.payload() instanceof AlertFiring f) {
            return Optional.of(f.alert());
        }
        if (event.payload() instanceof AlertResolved r) {
            return Optional.of(r.alert());
        }
        return Optional.empty();
    }

    private static AlertThreads.Thread thread(Alert alert, EpisodeState state, String channel, String ts) {
        return new AlertThreads.Thread(alert.fingerprint(), alert.startsAt(), state, alert.alertname(), channel, ts,
                alert.labels());
    }

    private static AlertThreads.Thread withThread(AlertThreads.Thread t, String threadTs) {
        return new AlertThreads.Thread(t.fingerprint(), t.startsAt(), t.state(), t.alertname(), t.channel(), t.messageTs(),
                t.labels(), threadTs);
    }

    private void done(ReceivedEvent event, AlertThreads.Thread thread) {
        ledger.record(event, thread);
    }
}
