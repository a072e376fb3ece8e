package io.plumbline.status.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void controlCharactersCannotForgeLogLinesOrTerminalEscapes() {
        assertThat(LogSafe.text("admin\r\nINFO forged line\u001b[31m\u2028x\u202e", 100))
                .isEqualTo("admin??INFO forged line?[31m?x?")
                .doesNotContain("\n", "\r", "\u001b");
    }

    @Test
    void longValuesAreCutNotEchoedInFull() {
        assertThat(LogSafe.text("a".repeat(5000), 64)).hasSize(64).endsWith("…");
        assertThat(LogSafe.text("short", 64)).isEqualTo("short");
        assertThat(LogSafe.text(null, 64)).isNull();
    }
}
