package io.plumbline.alerting.web;

/**
 * Request-supplied text made safe for a log line: control characters (CR, LF, ESC, DEL, C1, ...) become Java escapes
 * so a client cannot forge log lines or drive a terminal, and the value is cut to a length that identifies it without
 * copying it whole.
 */
public final class LogSafe {

    private static final int MAX = 200;

    private LogSafe() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX) + 16);
        for (int i = 0; i < text.length() && safe.length() < MAX; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        if (safe.length() >= MAX && text.length() > MAX) {
            safe.append("…(").append(text.length()).append(" chars)");
        }
        return safe.toString();
    }
}
