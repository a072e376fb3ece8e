package io.plumbline.status.bookings;

import io.plumbline.status.web.ConsoleModel;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The booking calendar: bookings per KST day of one month from the booking projection, and one day's bookings. */
@Controller
class CalendarController {

    private final Bookings bookings;
    private final ConsoleModel page;
    private final Clock clock = Clock.system(ConsoleModel.KST);

    CalendarController(Bookings bookings, ConsoleModel page) {
        this.bookings = bookings;
        this.page = page;
    }

    /**
     * @param month {@code yyyy-MM}; this month (KST) when absent or malformed
     * @param day   {@code yyyy-MM-dd}; that day's bookings are listed under the grid
     */
    @GetMapping("/calendar")
    String calendar(@RequestParam(required = false) String month, @RequestParam(required = false) String day, Model model) {
        page.common(model);
        LocalDate today = LocalDate.now(clock);
        LocalDate selected = parseDay(day);
        YearMonth shown = parseMonth(month, selected != null ? YearMonth.from(selected) : YearMonth.from(today));
        MonthGrid empty = MonthGrid.of(shown, java.util.Map.of(), today);
        MonthGrid grid = MonthGrid.of(shown, bookings.perDay(start(empty.firstShown()), start(empty.lastShown().plusDays(1))), today);
        model.addAttribute("grid", grid);
        model.addAttribute("selected", selected);
        if (selected != null) {
            model.addAttribute("dayBookings", bookings.between(start(selected), start(selected.plusDays(1))));
        }
        return "bookings/calendar";
    }

    private static java.time.Instant start(LocalDate day) {
        return day.atStartOfDay(ConsoleModel.KST).toInstant();
    }

    private static YearMonth parseMonth(String month, YearMonth fallback) {
        try {
            return month == null || month.isBlank() ? fallback : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static LocalDate parseDay(String day) {
        try {
            return day == null || day.isBlank() ? null : LocalDate.parse(day.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
