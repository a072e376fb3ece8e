package io.plumbline.booking.booking;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Booking codes in the seed's recognisable shape, {@code RES-20261125-K7Q4M2}: the booking day, then six random
 * characters from an alphabet without look-alikes (about 887 million per day), so codes cannot be enumerated.
 * Uniqueness is enforced by the database's primary key.
 */
public final class BookingCode {

    public static final Pattern FORMAT = Pattern.compile("RES-[0-9]{8}-[A-HJ-NP-Z2-9]{6}");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BookingCode() {
    }

    public static String next(LocalDate day) {
        StringBuilder b = new StringBuilder("RES-").append(day.format(DAY)).append('-');
        for (int i = 0; i < 6; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    public static boolean isWellFormed(String code) {
        return code != null && FORMAT.matcher(code).matches();
    }
}
