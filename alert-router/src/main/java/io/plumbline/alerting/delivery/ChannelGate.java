package io.plumbline.alerting.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.plumbline.alerting.slack.SlackProperties;
import org.springframework.stereotype.Component;

/**
 * Slack's pace per channel: one message at a time, the next no sooner than {@code per-channel-interval} after the
 * previous one was answered, and after a 429 nothing until its Retry-After has passed — for every listener thread,
 * not only the one that got the 429.
 *
 * <p>A channel has two names: the routed one ({@code #ops-alerts}) that first posts use, and the id Slack answers
 * with ({@code C0123ABC}) that thread replies and updates must use. {@link #sameChannel} makes them share one pace
 * once a post has taught the id. After a restart, replies to an id can briefly have their own pace until the next
 * post to the name joins them.
 */
@Component
class ChannelGate {

    private static final class Pace {
        final ReentrantLock turn = new ReentrantLock(true);
        volatile long notBefore = System.nanoTime(); // next send, System.nanoTime()
        volatile long pausedUntil = System.nanoTime();

        void absorb(Pace other) { // the later of each (nanoTime values compare by difference)
            if (other.notBefore - notBefore > 0) {
                notBefore = other.notBefore;
            }
            if (other.pausedUntil - pausedUntil > 0) {
                pausedUntil = other.pausedUntil;
            }
        }
    }

    private final Map<String, Pace> channels = new HashMap<>();
    private final long interval;

    ChannelGate(SlackProperties properties) {
        this.interval = properties.perChannelInterval().toNanos();
    }

    /** Sends through {@code channel}'s pace: waits for its turn, sends, and starts the interval once Slack answered. */
    <T> T send(String channel, Supplier<T> call) throws InterruptedException {
        Pace pace = pace(channel);
        pace.turn.lockInterruptibly();
        try {
            long wait;
            while ((wait = Math.max(pace.notBefore, pace.pausedUntil) - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            try {
                return call.get();
            } finally {
                pace.notBefore = System.nanoTime() + interval;
            }
        } finally {
            pace.turn.unlock();
        }
    }

    /** Slack said 429: hold the whole channel. */
    void pause(String channel, Duration retryAfter) {
        Pace pace = pace(channel);
        long until = System.nanoTime() + retryAfter.toNanos();
        synchronized (pace) {
            if (until - pace.pausedUntil > 0) {
                pace.pausedUntil = until;
            }
        }
    }

    /** Slack answered a post to {@code name} with the channel id {@code id}: from now on both share one pace. */
    void sameChannel(String name, String id) {
        if (name == null || id == null || name.equals(id)) {
            return;
        }
        synchronized (channels) {
            Pace byName = channels.get(name);
            Pace byId = channels.get(id);
            if (byName != null && byName == byId) {
                return;
            }
            Pace shared = byId != null ? byId : byName != null ? byName : new Pace();
            if (byId != null && byName != null) {
                shared.absorb(byName);
            }
            channels.put(name, shared);
            channels.put(id, shared);
        }
    }

    private Pace pace(String channel) {
        synchronized (channels) {
            return channels.computeIfAbsent(channel, c -> new Pace());
        }
    }
}
