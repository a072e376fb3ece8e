package io.plumbline.booking.booking;

import java.util.regex.Pattern;

/** Korean phone numbers: mobile (010-1234-5678) and landline (02-123-4567, 031-1234-5678), with or without dashes. */
public final class Phone {

    private static final Pattern MOBILE = Pattern.compile("01[016789]-?[0-9]{3,4}-?[0-9]{4}");
    private static final Pattern LANDLINE = Pattern.compile("0(2|[3-6][1-5]|70)-?[0-9]{3,4}-?[0-9]{4}");

    private Phone() {
    }

    public static boolean isValid(String phone) {
        if (phone == null) {
            return false;
        }
        String p = phone.trim();
        return MOBILE.matcher(p).matches() || LANDLINE.matcher(p).matches();
    }

    /** The canonical digits-and-dashes form stored and shown: 010-1234-5678. */
    public static String normalise(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        int tail = digits.length() - 4;
        String head = digits.startsWith("02") ? "02" : digits.substring(0, 3);
        return head + "-" + digits.substring(head.length(), tail) + "-" + digits.substring(tail);
    }

    public static String lastFour(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        return digits.substring(digits.length() - 4);
    }
}
