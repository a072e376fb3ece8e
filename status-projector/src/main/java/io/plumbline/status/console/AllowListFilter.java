package io.plumbline.status.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The IP allow-list (R8), enforced in the application as well as at the ingress: a client outside
 * {@code plumbline.console.allow-list.cidrs} gets 403 before any page, API or login form. {@code X-Forwarded-For} is
 * only believed when the direct peer is a trusted proxy, and then read from the right, skipping trusted proxies.
 * Health probes stay reachable for the kubelet.
 */
class AllowListFilter extends OncePerRequestFilter {

    private final List<IpAddressMatcher> allowed;
    private final List<IpAddressMatcher> proxies;

    AllowListFilter(ConsoleProperties.AllowList settings) {
        this.allowed = settings.cidrs().stream().map(IpAddressMatcher::new).toList();
        this.proxies = settings.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/") || allowed(clientAddress(request))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"this address is not on the console's allow-list\"}");
    }

    String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !matches(proxies, peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!matches(proxies, hop)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    private boolean allowed(String address) {
        return matches(allowed, address);
    }

    private static boolean matches(List<IpAddressMatcher> list, String address) {
        try {
            return list.stream().anyMatch(m -> m.matches(address));
        } catch (IllegalArgumentException e) {
            return false; // not an IP address at all
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<AllowListFilter> allowListFilter(ConsoleProperties properties) {
            FilterRegistrationBean<AllowListFilter> bean = new FilterRegistrationBean<>(new AllowListFilter(properties.allowList()));
            bean.setOrder(-1000); // before Spring Security's chain (-100): no login form for strangers
            bean.addUrlPatterns("/*");
            return bean;
        }
    }
}
