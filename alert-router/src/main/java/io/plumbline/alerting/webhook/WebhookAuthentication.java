package io.plumbline.alerting.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.plumbline.alerting.AlertingProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks what Alertmanager's {@code http_config} sends: {@code Authorization: Bearer <token>} or basic auth. Anything
 * else is a 401 problem detail. Compared in constant time.
 */
public class WebhookAuthentication extends OncePerRequestFilter {

    private final byte[] bearer;
    private final byte[] basic;

    public WebhookAuthentication(AlertingProperties.Webhook webhook) {
        boolean hasBearer = webhook.bearerToken() != null && !webhook.bearerToken().isBlank();
        boolean hasBasic = webhook.password() != null && !webhook.password().isBlank();
        if (!hasBearer && !hasBasic) {
            throw new IllegalStateException("plumbline.alerting.webhook.bearer-token (or plumbline.alerting.webhook.password"
                    + " for basic auth) must be set: the Alertmanager webhook is never open");
        }
        if (hasBearer && webhook.bearerToken().length() < 16) {
            throw new IllegalStateException("plumbline.alerting.webhook.bearer-token must be at least 16 characters");
        }
        this.bearer = hasBearer ? ("Bearer " + webhook.bearerToken()).getBytes(StandardCharsets.UTF_8) : null;
        this.basic = hasBasic ? ("Basic " + Base64.getEncoder().encodeToString(
                (webhook.username() + ":" + webhook.password()).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/alertmanager/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        boolean ok = (bearer != null && MessageDigest.isEqual(bearer, given))
                | (basic != null && MessageDigest.isEqual(basic, given));
        if (!ok) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, bearer != null ? "Bearer realm=\"alertmanager\"" : "Basic realm=\"alertmanager\"");
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"Authorization header missing or wrong\",\"field\":\"Authorization\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
