package io.plumbline.booking.support;

/** What may be logged of a request's own text: control characters escaped (no forged log lines), cut to a length. */
public final class Requests {

    private static final int MAX_LOGGED = 200;

    private Requests() {
    }

    public static String loggable(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LOGGED + 16));
        for (int i = 0; i < value.length() && out.length() < MAX_LOGGED; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return value.length() > MAX_LOGGED ? out + "…(" + value.length() + " chars)" : out.toString();
    }
}
