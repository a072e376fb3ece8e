package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.booking.BookingCancelled;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.kafka.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The customers and calendar pages, rendered from bookings that arrived as events. */
class BookingPagesTest extends StatusProjectorTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcTemplate jdbc;

    private final Duration wait = Duration.ofSeconds(20);
    private final String run = UUID.randomUUID().toString().substring(0, 4).toUpperCase();

    private String book(String phone, String name, Instant slot) {
        String code = "RES-T" + run + "-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Instant now = Instant.now();
        publisher.publishAndWait(Topics.BOOKING_EVENTS, UUID.randomUUID().toString(),
                new BookingCreated(code, name, phone, "서울", "LEAK", "물샘", slot, "RECEIVED", now), now, wait);
        return code;
    }

    private void awaitProjected(String... codes) {
        await().atMost(wait).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM proj_booking WHERE code IN ("
                + String.join(",", java.util.Collections.nCopies(codes.length, "?")) + ")", Integer.class, (Object[]) codes) == codes.length);
    }

    private static String row(String html, String attribute) {
        int at = html.indexOf(attribute);
        assertThat(at).as(attribute + " on the page").isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void customersShowVisitCountsAndAStarFromThreeVisits() throws Exception {
        String regular = "010-9" + run.hashCode() % 1000 + "-" + ThreadLocalRandom.current().nextInt(1000, 9999);
        String occasional = regular + "-2";
        Instant slot = Instant.now().plus(Duration.ofDays(2));
        String cancelled = book(regular, "김단골", slot);
        String[] codes = {cancelled, book(regular, "김단골", slot.plusSeconds(3600)), book(regular, "김단골", slot.plusSeconds(7200)),
                book(regular, "김단골", slot.plusSeconds(10800)), book(occasional, "이가끔", slot), book(occasional, "이가끔", slot.plusSeconds(60))};
        Instant now = Instant.now();
        publisher.publishAndWait(Topics.BOOKING_EVENTS, UUID.randomUUID().toString(),
                new BookingCancelled(cancelled, "RECEIVED", "customer", "plans changed", now), now, wait);
        awaitProjected(codes);
        await().atMost(wait).until(() -> "CANCELLED".equals(
                jdbc.queryForObject("SELECT status FROM proj_booking WHERE code = ?", String.class, cancelled)));

        ConsoleSession viewer = ConsoleSession.signIn(port, "admin", adminPassword());
        String page = viewer.get("/customers?q=" + regular).body();

        String regularRow = row(page, "data-phone=\"" + regular + "\"");
        assertThat(regularRow).contains("김단골").contains("<span>3</span>").contains("⭐");
        String occasionalRow = row(page, "data-phone=\"" + occasional + "\"");
        assertThat(occasionalRow).contains("이가끔").contains("<span>2</span>").doesNotContain("⭐");
    }

    @Test
    void calendarCountsBookingsPerKstDayAndListsTheChosenDay() throws Exception {
        int year = 2028 + ThreadLocalRandom.current().nextInt(9); // TIMESTAMP ends in January 2038
        while (java.time.LocalDate.of(year, 3, 31).getDayOfWeek() == java.time.DayOfWeek.SATURDAY) {
            year++; // then April would not be in March's last week
        }
        String before = book("010-1000-" + run, "박", Instant.parse(year + "-03-04T14:59:00Z"));   // 4 March 23:59 KST
        String early = book("010-1001-" + run, "최", Instant.parse(year + "-03-04T15:00:00Z"));    // 5 March 00:00 KST
        String late = book("010-1002-" + run, "정", Instant.parse(year + "-03-05T14:59:00Z"));     // 5 March 23:59 KST
        String next = book("010-1003-" + run, "강", Instant.parse(year + "-03-31T15:30:00Z"));     // 1 April 00:30 KST
        awaitProjected(before, early, late, next);

        ConsoleSession session = ConsoleSession.signIn(port, "admin", adminPassword());
        String march = session.get("/calendar?month=" + year + "-03").body();

        assertThat(march).contains(">" + year + "-03<");
        assertThat(row(march, "data-date=\"" + year + "-03-05\"")).contains("class=\"count\">2<");
        assertThat(cell(march, year + "-03-04")).contains("class=\"count\">1<");
        assertThat(cell(march, year + "-03-05")).contains("class=\"count\">2<");
        assertThat(cell(march, year + "-04-01")).as("April's first days fill the last week")
                .contains("outside").contains("class=\"count\">1<");
        assertThat(march).contains("month=" + year + "-02").contains("month=" + year + "-04");

        String day = session.get("/calendar?day=" + year + "-03-05").body();
        assertThat(day).contains(early).contains(late).doesNotContain(before).contains("00:00").contains("23:59");
    }

    private static String cell(String html, String date) {
        String marker = "data-date=\"" + date + "\"";
        int at = html.indexOf(marker);
        assertThat(at).as(date + " in the grid").isNotNegative();
        int start = html.lastIndexOf("<td", at);
        return html.substring(start, html.indexOf("</td>", at));
    }
}
