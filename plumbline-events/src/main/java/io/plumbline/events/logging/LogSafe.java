package io.plumbline.events.logging;

/**
 * Request-supplied text made safe for a log line or an audit entry, in every service: control characters (CR, LF,
 * ESC, DEL, C1, the Unicode line separators and invisible format characters such as U+202E) become Java escapes, so a
 * client cannot forge log lines, reorder text or drive a terminal, and the value is cut to a length that identifies it
 * without copying it whole.
 */
public final class LogSafe {

    /** What a log line keeps of one request value. */
    public static final int MAX = 200;

    private LogSafe() {
    }

    public static String of(Object value) {
        return of(value, MAX);
    }

    /** {@code "null"} for null; otherwise at most {@code max} characters of the escaped text, and the original length. */
    public static String of(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder safe = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && safe.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        if (text.length() > max) {
            safe.append("…(").append(text.length()).append(" chars)");
        }
        return safe.toString();
    }
}
