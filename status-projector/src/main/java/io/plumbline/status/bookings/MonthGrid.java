package io.plumbline.status.bookings;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A month as calendar weeks (Sunday first, as Korean calendars are laid out), each day with its booking count.
 * Days of the neighbouring months fill the first and last week so every row has seven cells.
 */
record MonthGrid(YearMonth month, List<List<Day>> weeks) {

    record Day(LocalDate date, boolean inMonth, long bookings, boolean today) {

        public boolean weekend() {
            return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        }
    }

    static MonthGrid of(YearMonth month, Map<LocalDate, Long> bookings, LocalDate today) {
        LocalDate first = month.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        LocalDate last = month.atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
        List<List<Day>> weeks = new ArrayList<>();
        List<Day> week = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            week.add(new Day(d, YearMonth.from(d).equals(month), bookings.getOrDefault(d, 0L), d.equals(today)));
            if (week.size() == 7) {
                weeks.add(List.copyOf(week));
                week.clear();
            }
        }
        return new MonthGrid(month, List.copyOf(weeks));
    }

    /** The first and last day shown, for the query that fills the grid. */
    LocalDate firstShown() {
        return weeks.get(0).get(0).date();
    }

    LocalDate lastShown() {
        List<Day> lastWeek = weeks.get(weeks.size() - 1);
        return lastWeek.get(6).date();
    }

    public YearMonth previous() {
        return month.minusMonths(1);
    }

    public YearMonth next() {
        return month.plusMonths(1);
    }

    public long total() {
        return weeks.stream().flatMap(List::stream).filter(Day::inMonth).mapToLong(Day::bookings).sum();
    }
}
