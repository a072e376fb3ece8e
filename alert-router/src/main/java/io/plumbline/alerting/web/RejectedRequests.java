package io.plumbline.alerting.web;

import io.plumbline.events.logging.LogSafe;
import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request the {@code StrictHttpFirewall} refuses (encoded slash, dot segments, {@code ;}, control characters in a
 * header, ...) is the client's fault: a 400 problem detail and one WARN line, where Spring Security would otherwise let
 * the exception become a 500 with a stack trace.
 */
public final class RejectedRequests implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        // the firewall's message quotes the offending value: logged made safe and cut, never sent back
        log.warn("rejected {} request: {}", LogSafe.of(request.getMethod()), LogSafe.of(rejected.getMessage()));
        Problems.write(response, HttpStatus.BAD_REQUEST, "the request URL or a header is not allowed here"
                + " (encoded or doubled slash, dot segment, ';', '\\', or a control character)");
    }
}
