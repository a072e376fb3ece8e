package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.backups.BackupManifest;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.events.kafka.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The overview's backups card: the next run from the schedule (default 19:00 UTC, shown in KST) and overdue in red
 * while no backup succeeded within 26 h. The only test of this module that publishes {@code BackupSucceeded}, so the
 * newest success in the shared projection is the one published here.
 */
class BackupsCardTest extends StatusProjectorTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    EventPublisher publisher;

    private void succeeded(Instant finishedAt) {
        String id = "bk-card-" + UUID.randomUUID().toString().substring(0, 8);
        BackupManifest manifest = new BackupManifest(id + ".sql.gz", 1024, "0".repeat(64), "booking", "0-1-1", "bin.000001", 4L,
                Duration.ofSeconds(3), Map.of(), Map.of(), "mysqldump 8.4");
        publisher.publishAndWait(Topics.BACKUPS, id, new BackupSucceeded(id, manifest, finishedAt), finishedAt, Duration.ofSeconds(10));
    }

    private static String card(String html) {
        int at = html.indexOf("id=\"backup-next-due\"");
        assertThat(at).as("the next-due line of the backups card").isNotNegative();
        return html.substring(html.lastIndexOf("<p", at), html.indexOf("</p>", at));
    }

    /** 19:00 UTC today if still ahead, else tomorrow, as the page shows it (KST). */
    private static String nextRunKst() {
        Instant now = Instant.now();
        Instant today = now.atOffset(ZoneOffset.UTC).toLocalDate().atTime(19, 0).toInstant(ZoneOffset.UTC);
        Instant next = today.isAfter(now) ? today : today.plus(1, ChronoUnit.DAYS);
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Seoul")).format(next) + " KST";
    }

    @Test
    void showsTheNextRunInKstAndMarksTheBackupsOverdueUntilOneSucceeds() throws Exception {
        ConsoleSession session = ConsoleSession.signIn(port, "admin", adminPassword());
        succeeded(Instant.now().minus(Duration.ofHours(30)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String line = card(session.get("/").body());
            assertThat(line).contains(nextRunKst()).as("red").contains("class=\"bad\"").contains("지연: 26시간 동안 성공한 백업 없음");
        });
        assertThat(card(session.get("/", "en").body())).contains("Overdue: no successful backup in 26 h");

        succeeded(Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String line = card(session.get("/").body());
            assertThat(line).contains(nextRunKst()).doesNotContain("class=\"bad\"").doesNotContain("지연");
        });
    }
}
