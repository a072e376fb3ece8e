package io.plumbline.status.projection;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's live stream: every item ({@link LiveStream}'s events, lines from sources that are not topics) is pushed
 * to every open Server-Sent Events connection; the last {@value #KEPT} are kept for a page that cannot read the
 * projection (database down).
 */
@Component
public class LiveFeed {

    static final int KEPT = 50;

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final Deque<Projection.FeedItem> recent = new ArrayDeque<>();

    public SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        try {
            emitter.send(SseEmitter.event().name("hello").data("connected"));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
    }

    /** Pushes one item to every open stream (projected events, and lines from sources that are not topics). */
    public void publish(Projection.FeedItem item) {
        synchronized (recent) {
            recent.addFirst(item);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().id(item.id()).name("event").data(item));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    /** The newest items this instance has streamed, newest first. */
    public List<Projection.FeedItem> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
