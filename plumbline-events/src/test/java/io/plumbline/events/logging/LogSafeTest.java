package io.plumbline.events.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void controlCharactersCannotForgeALogLineOrDriveATerminal() {
        String forged = "db-1\r\n2026-12-03 08:00:00 INFO  admin logged in\u001b[2J\u0000\u007f\u0085\u2028\u202e";
        String safe = LogSafe.of(forged);
        assertThat(safe).doesNotContainPattern("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029\\u202e]")
                .startsWith("db-1\\u000d\\u000a2026-12-03")
                .contains("\\u001b[2J", "\\u0000", "\\u007f", "\\u0085", "\\u2028", "\\u202e");
        assertThat(LogSafe.of("한글 ok é")).isEqualTo("한글 ok é");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }

    @Test
    void aLongValueIsCutNotCopiedWhole() {
        assertThat(LogSafe.of("x".repeat(10_000))).hasSizeLessThan(250).endsWith("…(10000 chars)");
        assertThat(LogSafe.of("a".repeat(5000), 64)).startsWith("a".repeat(64) + "…").endsWith("(5000 chars)");
        assertThat(LogSafe.of("short", 64)).isEqualTo("short");
    }
}
