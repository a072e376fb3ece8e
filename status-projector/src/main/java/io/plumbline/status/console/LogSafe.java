package io.plumbline.status.console;

/**
 * Makes text taken from a request safe to log or audit: control characters (CR, LF, ESC, …, and the Unicode line
 * separators) become {@code ?}, so a client cannot forge log lines or terminal escapes, and long values are cut, so a
 * client cannot fill the log or have its value echoed in full.
 */
public final class LogSafe {

    private LogSafe() {
    }

    public static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max + 1));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (value.length() > max) {
            out.setLength(Math.max(0, max - 1));
            out.append('…');
        }
        return out.toString();
    }
}
