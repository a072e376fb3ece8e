package io.plumbline.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report a person reads after a run: numbered moments in the table match the numbered markers of the chart. */
class ReportTest {

    @Test
    void writesNumberedTimelineFiguresChecksAndAChart(@TempDir Path dir) throws Exception {
        Timeline timeline = new Timeline();
        String[] moments = {"load started", "primary mysql-m killed", "first booking refused with 503",
                "emergency maintenance published", "Slack: [FATAL ERROR]", "replica mysql-s promoted", "maintenance off"};
        for (int i = 0; i < moments.length; i++) {
            timeline.mark(moments[i], timeline.start().plusMillis(i * 1_500L));
        }
        List<BookingClient.Outcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outcomes.add(new BookingClient.Outcome("book", timeline.start().plusMillis(i * 200L), java.time.Duration.ofMillis(20),
                    i < 15 ? 201 : 503, i < 15 ? "RES-" + i : null, null, null, "http://127.0.0.1:8080"));
        }
        Report report = new Report("primary-down", timeline, outcomes);
        report.figure("primary killed → first 503", "primary mysql-m killed", "first booking refused with 503");
        report.check("no customer request failed", true, "0 failed");
        report.check("Slack got each alert state exactly once", false, "0 × [RESOLVED] | missing");

        Path md = report.write(dir);

        String text = Files.readString(md);
        assertThat(text).contains("| 2 | 1.5 | primary mysql-m killed |", "| primary killed → first 503 | 1500 ms |",
                "| no customer request failed | PASS | 0 failed |", "| refused (503/409/429) | 35 (503: 35) |",
                "| Slack got each alert state exactly once | **FAIL** | 0 × [RESOLVED] \\| missing |");
        assertThat(report.failedChecks()).hasSize(1);
        assertThat(ImageIO.read(dir.resolve("timeline.png").toFile()).getWidth()).isEqualTo(1100);
    }
}
