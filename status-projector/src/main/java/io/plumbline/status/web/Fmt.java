package io.plumbline.status.web;

import io.plumbline.status.console.ConsoleProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Formatting helpers for the templates ({@code @fmt}): KST times, ages, staleness. */
@Component("fmt")
public class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ConsoleModel.KST);

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ConsoleModel.KST);

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ConsoleModel.KST);

    private final Duration staleAfter;

    Fmt(ConsoleProperties properties) {
        this.staleAfter = properties.staleAfter();
    }

    public String time(Object value) {
        Instant i = instant(value);
        return i == null ? "—" : TIME.format(i);
    }

    /** KST date, hour and minute. */
    public String minute(Object value) {
        Instant i = instant(value);
        return i == null ? "—" : MINUTE.format(i);
    }

    /** KST hour and minute, for a list that already names the day. */
    public String hm(Object value) {
        Instant i = instant(value);
        return i == null ? "—" : HOUR_MINUTE.format(i);
    }

    /** {@code 12.3%}, or {@code N/A} when unknown. */
    public String percent(Double value) {
        return value == null || !Double.isFinite(value) ? "N/A" : String.format(java.util.Locale.ROOT, "%.1f%%", value);
    }

    /** Age like {@code 12s}, {@code 4m}, {@code 3h}, {@code 2d}. */
    public String age(Object value) {
        Instant i = instant(value);
        if (i == null) {
            return "—";
        }
        long s = Math.max(0, Duration.between(i, Instant.now()).toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86400 ? s / 3600 + "h" : s / 86400 + "d";
    }

    public boolean stale(Object value) {
        Instant i = instant(value);
        return i == null || i.isBefore(Instant.now().minus(staleAfter));
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.atZone(java.time.ZoneOffset.UTC).toInstant();
        }
        return null;
    }
}
