package io.plumbline.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every booking-api replica what its customer page is told ({@code GET /api/maintenance}) four times a second,
 * and keeps the answers: whether emergency maintenance reached each replica, and when it ended there.
 */
final class MaintenanceWatch implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> replicas;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "scenario-maintenance-watch");
        t.setDaemon(true);
        return t;
    });
    private final List<Answer> answers = new CopyOnWriteArrayList<>();

    MaintenanceWatch(List<String> bookingApiUrls) {
        this.replicas = List.copyOf(bookingApiUrls);
        poller.scheduleWithFixedDelay(this::poll, 0, 250, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        for (String replica : replicas) {
            Instant at = Instant.now();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(replica + "/api/maintenance"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode view = JSON.readTree(r.body());
                    answers.add(new Answer(replica, at, view.path("mode").asString(""), view.path("writesBlocked").asBoolean()));
                }
            } catch (Exception e) {
                // a replica that does not answer says nothing about maintenance; the next poll asks again
            }
        }
    }

    List<String> replicas() {
        return replicas;
    }

    /** When {@code replica} first answered {@code mode} (with writes blocked or not, as given) after {@code after}. */
    Optional<Instant> first(String replica, String mode, boolean writesBlocked, Instant after) {
        return answers.stream().filter(a -> a.replica().equals(replica) && a.at().isAfter(after) && a.mode().equals(mode)
                && a.writesBlocked() == writesBlocked).map(Answer::at).findFirst();
    }

    /** When every replica had answered so (the latest of their first answers), if all did. */
    Optional<Instant> everyReplica(String mode, boolean writesBlocked, Instant after) {
        Instant latest = null;
        for (String replica : replicas) {
            Optional<Instant> at = first(replica, mode, writesBlocked, after);
            if (at.isEmpty()) {
                return Optional.empty();
            }
            latest = latest == null || at.get().isAfter(latest) ? at.get() : latest;
        }
        return Optional.ofNullable(latest);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    record Answer(String replica, Instant at, String mode, boolean writesBlocked) {
    }
}
