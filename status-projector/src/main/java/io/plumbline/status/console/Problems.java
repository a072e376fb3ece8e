package io.plumbline.status.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * RFC 9457 problem details written straight to the response, for answers given inside the security filter chain
 * (before any controller or {@code @ControllerAdvice}). Titles and details are fixed texts of this package; nothing a
 * client sent is echoed.
 */
final class Problems {

    private Problems() {
    }

    /** @param extra further members (numbers or fixed strings), may be {@code null} */
    static void write(HttpServletResponse response, int status, String title, String detail, Map<String, Object> extra)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":").append(quote(title))
                .append(",\"status\":").append(status).append(",\"detail\":").append(quote(detail));
        if (extra != null) {
            extra.forEach((k, v) -> json.append(',').append(quote(k)).append(':')
                    .append(v instanceof Number ? v.toString() : quote(String.valueOf(v))));
        }
        json.append('}');
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
