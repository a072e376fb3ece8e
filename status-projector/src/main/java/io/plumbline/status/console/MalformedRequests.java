package io.plumbline.status.console;

import io.plumbline.events.logging.LogSafe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers requests that cannot be read at all with a 4xx problem detail before anything else sees them: a query
 * string or form body that is not valid percent-encoded UTF-8 (Tomcat refuses to parse it and throws from the first
 * {@code getParameter}, wherever that happens, which used to surface as a 500), and a {@code Content-Type} with a
 * wildcard, which names no format at all. The whole request is refused, not just the bad parameter, so a malformed
 * pair can never be dropped while the rest of the form is acted on. This decides nothing about who may pass; that is
 * Spring Security's alone ({@link SecurityConfig}). Logged at WARN, one line, without the rejected value.
 */
class MalformedRequests extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && (contentType.strip().startsWith("*") || contentType.contains("/*"))) {
            reject(request, response, 415, "Unsupported Media Type", "Content-Type must name a format, not a wildcard");
            return;
        }
        try {
            request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            int status = e instanceof InvalidParameterException invalid && invalid.getErrorCode() == 413 ? 413 : 400;
            reject(request, response, status, status == 413 ? "Content Too Large" : "Bad Request", status == 413
                    ? "the form body is larger than this service accepts"
                    : "the query string or form body is not valid percent-encoded UTF-8");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        log.warn("refused {} {}: {} ({})", LogSafe.of(request.getMethod(), 16), LogSafe.of(request.getRequestURI(), 200),
                detail, status);
        Problems.write(response, status, title, detail, null);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<MalformedRequests> malformedRequests() {
            FilterRegistrationBean<MalformedRequests> bean = new FilterRegistrationBean<>(new MalformedRequests());
            // after the character-encoding filter (parameters are read as UTF-8), before Spring Security
            bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            bean.addUrlPatterns("/*");
            return bean;
        }
    }
}
