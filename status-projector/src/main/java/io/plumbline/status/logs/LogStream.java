package io.plumbline.status.logs;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.status.projection.LiveFeed;
import io.plumbline.status.projection.Projection;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls Loki for the configured error-log query and pushes each new line into the console's live stream; the newest
 * lines are kept for the overview. Each replica polls for itself, so every replica shows the same lines. Polls
 * continue from the newest line seen (Loki's start is inclusive, so lines at that very nanosecond are de-duplicated);
 * a failed poll is retried from the same point next time.
 */
@Component
public class LogStream {

    private static final Logger log = LoggerFactory.getLogger(LogStream.class);

    /** A line for the console. */
    public record Line(Instant at, String source, String line) {
    }

    private final LogsProperties properties;
    private final LiveFeed feed;
    private final MeterRegistry meters;
    private final LokiClient loki;
    private final Deque<Line> recent = new ArrayDeque<>();
    private long lastNanos = -1;
    private final Set<String> seenAtLast = new HashSet<>();
    private volatile Instant lastPoll;
    private volatile String lastError;

    LogStream(LogsProperties properties, LiveFeed feed, MeterRegistry meters) {
        this.properties = properties;
        this.feed = feed;
        this.meters = meters;
        this.loki = properties.lokiUrl() == null ? null : new LokiClient(properties.lokiUrl(), properties.timeout());
    }

    public boolean enabled() {
        return loki != null;
    }

    /** The LogQL query, shown above the lines. */
    public String query() {
        return properties.query();
    }

    public synchronized List<Line> recent() {
        return List.copyOf(recent);
    }

    public Instant lastPoll() {
        return lastPoll;
    }

    public String lastError() {
        return lastError;
    }

    @Scheduled(fixedDelayString = "${plumbline.logs.interval:10s}", initialDelayString = "2s")
    void scheduled() {
        if (enabled()) {
            try {
                poll(Instant.now());
            } catch (IllegalStateException e) {
                log.warn("Loki not polled: {}", e.getMessage());
            }
        }
    }

    /** One poll up to {@code now}; returns how many new lines arrived. */
    synchronized int poll(Instant now) {
        long end = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long start = lastNanos >= 0 ? lastNanos : end - properties.lookback().toNanos();
        List<LokiClient.LogLine> lines;
        try {
            lines = loki.queryRange(properties.query(), start, end, properties.limit());
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            meters.counter("plumbline.logs.polls", "outcome", "error").increment();
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException(e.getMessage(), e);
        }
        int fresh = 0;
        for (LokiClient.LogLine l : lines) {
            String key = l.epochNanos() + "|" + l.labels() + "|" + l.line();
            if (l.epochNanos() < lastNanos || (l.epochNanos() == lastNanos && seenAtLast.contains(key))) {
                continue;
            }
            if (l.epochNanos() > lastNanos) {
                lastNanos = l.epochNanos();
                seenAtLast.clear();
            }
            seenAtLast.add(key);
            Line line = new Line(l.at(), source(l), l.line().length() > 1000 ? l.line().substring(0, 1000) : l.line());
            recent.addFirst(line);
            while (recent.size() > properties.keep()) {
                recent.removeLast();
            }
            feed.publish(new Projection.FeedItem("loki-" + key.hashCode() + "-" + l.epochNanos(), "loki", "LogLine",
                    "[" + line.source() + "] " + line.line(), "warning", line.at()));
            fresh++;
        }
        lastPoll = now;
        lastError = null;
        meters.counter("plumbline.logs.polls", "outcome", "ok").increment();
        meters.counter("plumbline.logs.lines").increment(fresh);
        return fresh;
    }

    /** Where a line came from: the pod (or app, or job) label of its stream. */
    private static String source(LokiClient.LogLine l) {
        for (String label : new String[] {"pod", "app", "container", "job"}) {
            if (l.labels().containsKey(label)) {
                return l.labels().get(label);
            }
        }
        return "loki";
    }
}
