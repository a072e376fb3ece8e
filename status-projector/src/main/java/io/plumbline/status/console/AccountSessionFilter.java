package io.plumbline.status.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a console session whose account changed since sign-in: deleted, disabled, given another role, or its password
 * replaced (the account's session epoch moved on). Checked against the database on every request, so it holds on
 * every replica; when the database cannot be reached the session is let through, because the console must stay
 * readable while the primary is down and sign-in itself already needed the database.
 */
public class AccountSessionFilter extends OncePerRequestFilter {

    /** Session attribute: the account's session epoch when this session signed in. */
    private static final String EPOCH = AccountSessionFilter.class.getName() + ".epoch";

    private final Accounts accounts;

    AccountSessionFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Keeps the session that just replaced its own password signed in; the account's other sessions end. */
    public static void keep(HttpSession session, int sessionEpoch) {
        session.setAttribute(EPOCH, sessionEpoch);
    }

    /** Style sheets and scripts need no check, and must not wait for the database while it is down. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session == null || auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Accounts.Standing> standing;
        try {
            standing = accounts.standing(auth.getName());
        } catch (DataAccessException e) {
            chain.doFilter(request, response);
            return;
        }
        Object seen = session.getAttribute(EPOCH);
        boolean valid = standing.filter(Accounts.Standing::enabled)
                .filter(s -> auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + s.role().name())))
                .filter(s -> seen == null || seen.equals(s.sessionEpoch()))
                .isPresent();
        if (!valid) {
            session.invalidate();
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + "/login?ended");
            return;
        }
        if (seen == null) {
            session.setAttribute(EPOCH, standing.get().sessionEpoch());
        }
        chain.doFilter(request, response);
    }
}
