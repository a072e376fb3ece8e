package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.Topics;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.booking.BookingStatusChanged;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.status.projection.LiveFeed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Kafka delivers at least once: a CDC leader handing over republishes what it had not committed, so the same
 * {@code BookingCreated} (same event id) can arrive twice, even after what followed it. Each consumer of the status
 * projector applies an event id once: the projection (a late duplicate does not undo the change after it; counted in
 * {@code plumbline.events.duplicates}) and the console's live stream (one line per event).
 */
class DuplicateEventsTest extends StatusProjectorTestSupport {

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    LiveFeed feed;

    private final Duration wait = Duration.ofSeconds(30);
    private final Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void aLateDuplicateBookingCreatedDoesNotUndoTheStatusChangeAfterIt() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String code = "RES-DUP-" + id;
        BookingCreated created = booking(code);
        double before = duplicates("status-projection");

        publisher.publishAndWait(Topics.BOOKING_EVENTS, "created-" + id, created, t, wait);
        publisher.publishAndWait(Topics.BOOKING_EVENTS, "changed-" + id, new BookingStatusChanged(code, "RECEIVED",
                "CONFIRMED", "tech-1", "admin", t.plusSeconds(1)), t.plusSeconds(1), wait);
        await().atMost(wait).ignoreExceptions().until(() -> "CONFIRMED".equals(status(code)));

        publisher.publishAndWait(Topics.BOOKING_EVENTS, "created-" + id, created, t, wait); // the redelivered duplicate
        await().atMost(wait).until(() -> duplicates("status-projection") == before + 1);
        assertThat(status(code)).isEqualTo("CONFIRMED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM proj_event WHERE event_id = ?", Integer.class, "created-" + id))
                .isEqualTo(1);
    }

    @Test
    void aDuplicateEventIsStreamedToTheConsoleOnce() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String code = "RES-LIVE-" + id;
        BookingCreated created = booking(code);
        String first = "live-" + id;
        String after = "live-after-" + id;

        publisher.publishAndWait(Topics.BOOKING_EVENTS, first, created, t, wait);
        await().atMost(wait).until(() -> streamed(first) == 1);
        publisher.publishAndWait(Topics.BOOKING_EVENTS, first, created, t, wait);
        publisher.publishAndWait(Topics.BOOKING_EVENTS, after, new BookingStatusChanged(code, "RECEIVED", "CONFIRMED",
                "tech-1", "admin", t), t, wait);
        await().atMost(wait).until(() -> streamed(after) == 1); // same key, same partition: the duplicate was handled

        assertThat(streamed(first)).isEqualTo(1);
    }

    private long streamed(String eventId) {
        return feed.recent().stream().filter(i -> eventId.equals(i.id())).count();
    }

    private BookingCreated booking(String code) {
        return new BookingCreated(code, "홍길동", "010-0000-0000", "서울", "LEAK", "물샘", t.plus(Duration.ofDays(1)),
                "RECEIVED", t);
    }

    private String status(String code) {
        return jdbc.queryForObject("SELECT status FROM proj_booking WHERE code = ?", String.class, code);
    }

    private double duplicates(String consumer) {
        Counter counter = meters.find("plumbline.events.duplicates").tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }
}
