package io.plumbline.status;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what a hostile client sends (invalid UTF-8 in the request
 * line, raw non-ASCII header bytes), which {@code java.net.http} refuses to send. Reads to the end of the answer
 * ({@code Connection: close}), at most {@link #LIMIT} bytes; an event stream is cut after its headers.
 */
final class RawHttp {

    static final int LIMIT = 2 * 1024 * 1024;

    record Answer(int status, String head, String body, int size) {

        boolean eventStream() {
            return head.toLowerCase(Locale.ROOT).contains("content-type: text/event-stream");
        }
    }

    private RawHttp() {
    }

    static Answer send(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int headEnd = -1;
            try {
                for (int n; (n = in.read(buffer)) > 0 && received.size() < LIMIT; ) {
                    received.write(buffer, 0, n);
                    if (headEnd < 0) {
                        headEnd = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                        if (headEnd >= 0 && received.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd)
                                .toLowerCase(Locale.ROOT).contains("content-type: text/event-stream")) {
                            break;
                        }
                    }
                }
            } catch (SocketTimeoutException e) {
                if (headEnd < 0) {
                    throw e;
                }
            }
            String all = received.toString(StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = split < 0 ? all : all.substring(0, split);
            String body = split < 0 ? "" : all.substring(split + 4);
            int status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
            return new Answer(status, head, body, received.size());
        }
    }
}
