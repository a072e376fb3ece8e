package io.plumbline.booking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/1.1 on a plain socket, byte for byte as given: no client library would send an invalid percent-escape, raw
 * non-ASCII header bytes or a {@code ..} segment unchanged. Strings are bytes in ISO-8859-1 (one char, one byte).
 */
final class RawHttp {

    /** Larger answers are cut here: the test asserts on the size, it does not need all of it. */
    static final int MAX_READ = 1 << 20;

    private RawHttp() {
    }

    record Request(String method, String target, Map<String, String> headers, String body) {

        Request {
            headers = new LinkedHashMap<>(headers);
        }

        /** The request as a reader would want it in a failure message: printable, cut. */
        @Override
        public String toString() {
            String shown = method + " " + target + " " + headers + (body == null ? "" : " body=" + body);
            shown = shown.replaceAll("[^\\x20-\\x7e]", "?");
            return shown.length() > 400 ? shown.substring(0, 400) + "…" : shown;
        }
    }

    record Response(int status, String head, byte[] raw) {

        String body() {
            String all = new String(raw, StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            return end < 0 ? "" : all.substring(end + 4);
        }
    }

    static Response send(int port, Request request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n").append("Connection: close\r\n");
            request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.ISO_8859_1);
            if (request.body() != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while (received.size() < MAX_READ && (n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived so far is the answer; a reset after the answer is the server closing early
            }
            byte[] raw = received.toByteArray();
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            int headEnd = text.indexOf("\r\n\r\n");
            return new Response(status, headEnd < 0 ? text : text.substring(0, headEnd), raw);
        }
    }

    /** UTF-8 bytes of {@code text} as one char per byte, for raw non-ASCII in a request line or header. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
