package io.plumbline.booking.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.plumbline.booking.booking.BookingProperties;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Receives every request body before a worker thread is given to it, so a client that sends its body slowly holds a
 * connection, not one of Tomcat's {@code server.tomcat.threads.max} threads: the body is read with the Servlet API's
 * non-blocking I/O into memory (at most {@code plumbline.booking.max-body-size}), and the request is dispatched once
 * it is complete. A body not complete within {@code plumbline.booking.body-read-timeout} gets 408 and the connection
 * is closed; a declared length above the limit gets 413 before anything is read, a wildcard or unparseable
 * {@code Content-Type} 415.
 * <p>
 * Runs after Spring Security, so the credential is checked before the body is read, and again (on the saved security
 * context) when the complete request is dispatched.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class RequestBodyFilter extends OncePerRequestFilter {

    private static final String BODY = RequestBodyFilter.class.getName() + ".body";

    private final long maxBytes;
    private final long readTimeoutMillis;

    RequestBodyFilter(BookingProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.readTimeoutMillis = properties.bodyReadTimeout().toMillis();
    }

    /** The second pass, once the body is in, is an async dispatch. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(BODY) instanceof byte[] body) {
            request.removeAttribute(BODY);
            chain.doFilter(new ReceivedBody(request, body), response);
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        if (!acceptableContentType(request.getContentType())) {
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be a concrete media type, e.g. application/json");
            return;
        }
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        if (length > maxBytes || (chunked && request.getRequestURI().startsWith("/api/"))) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE,
                    "request body larger than " + maxBytes + " bytes (or not length-delimited)");
            return;
        }
        if (length <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        receive(request, response, length);
    }

    /**
     * A body's type is one concrete media type: Spring's HTTP abstractions refuse a wildcard ({@code *}{@code /*}) or an
     * unparseable one with an exception wherever they meet it, even while writing the error answer.
     */
    private static boolean acceptableContentType(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException
            return false;
        }
    }

    private void receive(HttpServletRequest request, HttpServletResponse response, long length) throws IOException {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(readTimeoutMillis);
        AtomicBoolean done = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                giveUp(async, done, HttpStatus.REQUEST_TIMEOUT,
                        "request body not received within " + readTimeoutMillis / 1000 + " s");
            }

            @Override
            public void onError(AsyncEvent event) {
                giveUp(async, done, HttpStatus.BAD_REQUEST, "request body could not be read");
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        ServletInputStream in = request.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.max(0, Math.min(length, maxBytes)));
        in.setReadListener(new ReadListener() {
            private final byte[] chunk = new byte[4096];

            @Override
            public void onDataAvailable() throws IOException {
                while (in.isReady() && !in.isFinished()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return;
                    }
                    body.write(chunk, 0, n);
                    if (body.size() > maxBytes) {
                        giveUp(async, done, HttpStatus.PAYLOAD_TOO_LARGE, "request body larger than " + maxBytes + " bytes");
                        return;
                    }
                }
            }

            @Override
            public void onAllDataRead() {
                if (done.compareAndSet(false, true)) {
                    request.setAttribute(BODY, body.toByteArray());
                    async.dispatch();
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client went away, or paused longer than server.tomcat.connection-timeout between two reads
                giveUp(async, done, HttpStatus.REQUEST_TIMEOUT, "request body not received in time");
            }
        });
    }

    private static void giveUp(AsyncContext async, AtomicBoolean done, HttpStatus status, String detail) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            if (!response.isCommitted()) {
                refuse(response, status, detail);
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone already: nothing to answer
        } finally {
            async.complete();
        }
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("Connection", "close"); // the rest of the body is never read
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\"}");
        response.flushBuffer();
    }

    /** The request with its body from memory. */
    private static final class ReceivedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReceivedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body is already in memory");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
        }
    }
}
