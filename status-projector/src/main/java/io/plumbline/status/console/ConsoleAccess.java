package io.plumbline.status.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Who the client is and whether it may reach the console at all (R8, enforced here as well as at the ingress).
 * <p>
 * The client address is the direct peer, unless the peer is a trusted proxy: then {@code X-Forwarded-For} is read from
 * the right, skipping trusted proxies. The allow-list is an {@link AuthorizationManager} combined with every role rule
 * in both filter chains ({@link SecurityConfig}), so it decides on Spring Security's normalised path like every other
 * rule; health probes are the only thing a stranger reaches. Sign-in refuses strangers too
 * ({@link ThrottledAuthentication}), so a password cannot be tried from outside even though authentication runs
 * before authorisation.
 */
@Component
public class ConsoleAccess {

    private final List<IpAddressMatcher> allowed;
    private final List<IpAddressMatcher> proxies;

    ConsoleAccess(ConsoleProperties properties) {
        this.allowed = properties.allowList().cidrs().stream().map(IpAddressMatcher::new).toList();
        this.proxies = properties.allowList().trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    /** The client's address as far as the trusted proxies vouch for it. */
    public String clientAddress(HttpServletRequest request) {
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

    boolean allowed(String address) {
        return matches(allowed, address);
    }

    boolean allowed(HttpServletRequest request) {
        return allowed(clientAddress(request));
    }

    /** The allow-list as an authorisation rule of its own. */
    AuthorizationManager<RequestAuthorizationContext> allowList() {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
                return new AuthorizationDecision(allowed(context.getRequest()));
            }

            @Override
            public String toString() {
                return "allow-list";
            }
        };
    }

    /** {@code rule}, for clients on the allow-list only. */
    AuthorizationManager<RequestAuthorizationContext> inside(AuthorizationManager<RequestAuthorizationContext> rule) {
        return AuthorizationManagers.allOf(allowList(), rule);
    }

    /** The answer a stranger gets for anything but health probes: no login form, no hint of what is behind it. */
    static void refuseStranger(HttpServletResponse response) throws IOException {
        Problems.write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                "this address is not on the console's allow-list", null);
    }

    private static boolean matches(List<IpAddressMatcher> list, String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        try {
            return list.stream().anyMatch(m -> m.matches(address));
        } catch (IllegalArgumentException e) {
            return false; // not an IP address at all
        }
    }
}
