package io.plumbline.alerting;

import static io.plumbline.alerting.alert.EpisodeState.FIRING;
import static io.plumbline.alerting.alert.EpisodeState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.plumbline.alerting.alert.AlertIds;
import io.plumbline.alerting.alert.EpisodeState;
import org.junit.jupiter.api.Test;

class EpisodeStateTest {

    @Test
    void anEpisodeOnlyMovesFromFiringToResolved() {
        assertThat(EpisodeState.advances(null, FIRING)).isTrue();
        assertThat(EpisodeState.advances(null, RESOLVED)).isTrue();
        assertThat(EpisodeState.advances(FIRING, RESOLVED)).isTrue();
        assertThat(EpisodeState.advances(FIRING, FIRING)).as("repeat or second peer").isFalse();
        assertThat(EpisodeState.advances(RESOLVED, FIRING)).as("stale firing after resolve").isFalse();
        assertThat(EpisodeState.advances(RESOLVED, RESOLVED)).isFalse();
    }

    @Test
    void eventIdsAreDeterministicPerStateOfAnEpisode() {
        Instant start = Instant.parse("2026-11-25T01:02:03.385343137Z");
        Instant end = start.plusSeconds(30);
        assertThat(AlertIds.eventId("abc", FIRING, start, null)).isEqualTo(AlertIds.eventId("abc", FIRING, start, null));
        assertThat(AlertIds.eventId("abc", FIRING, start, null)).isNotEqualTo(AlertIds.eventId("abc", RESOLVED, start, end));
        assertThat(AlertIds.eventId("abc", FIRING, start, null)).isNotEqualTo(AlertIds.eventId("abd", FIRING, start, null));
        assertThat(AlertIds.eventId("abc", FIRING, start, null))
                .isNotEqualTo(AlertIds.eventId("abc", FIRING, start.plusNanos(1), null));
    }
}
