package io.plumbline.status.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonthGridTest {

    @Test
    void laysTheMonthOutInSundayFirstWeeksWithEachDaysCount() {
        YearMonth november = YearMonth.of(2026, 11); // 1 November 2026 is a Sunday, 30 November a Monday
        MonthGrid grid = MonthGrid.of(november, Map.of(LocalDate.of(2026, 11, 25), 4L, LocalDate.of(2026, 12, 1), 2L),
                LocalDate.of(2026, 11, 25));

        assertThat(grid.weeks()).hasSize(5).allSatisfy(week -> assertThat(week).hasSize(7));
        assertThat(grid.weeks()).allSatisfy(week -> assertThat(week.get(0).date().getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY));
        assertThat(grid.firstShown()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(grid.lastShown()).isEqualTo(LocalDate.of(2026, 12, 5));
        MonthGrid.Day today = grid.weeks().stream().flatMap(List::stream)
                .filter(d -> d.date().equals(LocalDate.of(2026, 11, 25))).findFirst().orElseThrow();
        assertThat(today.bookings()).isEqualTo(4);
        assertThat(today.today()).isTrue();
        assertThat(grid.weeks().get(4).get(2)).satisfies(d -> {
            assertThat(d.date()).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(d.inMonth()).isFalse();
        });
        assertThat(grid.total()).as("days of the next month are shown but not counted").isEqualTo(4);
        assertThat(grid.previous()).isEqualTo(YearMonth.of(2026, 10));
        assertThat(grid.next()).isEqualTo(YearMonth.of(2026, 12));
    }

    @Test
    void fillsTheFirstWeekFromThePreviousMonth() {
        MonthGrid february = MonthGrid.of(YearMonth.of(2027, 2), Map.of(), LocalDate.of(2026, 11, 25)); // 1 Feb 2027: Monday
        assertThat(february.firstShown()).isEqualTo(LocalDate.of(2027, 1, 31));
        assertThat(february.weeks().get(0).get(1).date()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(february.weeks().stream().flatMap(List::stream).filter(MonthGrid.Day::today)).isEmpty();
    }
}
