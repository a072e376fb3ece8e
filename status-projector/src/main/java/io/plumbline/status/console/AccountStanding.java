package io.plumbline.status.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where the console's sessions keep their sign-in, checked against the account each time a request needs it: a
 * session whose account was deleted, disabled, given another role or a new password (its session epoch moved on)
 * is invalidated and the request goes on unauthenticated, so the role rules send it to {@code /login?ended}.
 * <p>
 * The check is part of loading the security context, so it runs for every request that asks who the user is, on
 * every replica, whatever the path looks like; requests that never ask (style sheets under {@code permitAll}) do not
 * wait for the database. When the database cannot be reached the session is let through, because the console must
 * stay readable while the primary is down and sign-in itself already needed the database.
 */
public class AccountStanding implements SecurityContextRepository {

    /** Session attribute: the account's session epoch when this session signed in. */
    private static final String EPOCH = AccountStanding.class.getName() + ".epoch";

    /** Request attribute: this request's session was just ended. */
    static final String ENDED = AccountStanding.class.getName() + ".ended";

    private final SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
    private final Accounts accounts;

    AccountStanding(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Keeps the session that just replaced its own password signed in; the account's other sessions end. */
    public static void keep(HttpSession session, int sessionEpoch) {
        session.setAttribute(EPOCH, sessionEpoch);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        DeferredSecurityContext stored = sessions.loadDeferredContext(request);
        return new DeferredSecurityContext() {
            private SecurityContext checked;

            @Override
            public SecurityContext get() {
                if (checked == null) {
                    checked = check(stored.get(), request);
                }
                return checked;
            }

            @Override
            public boolean isGenerated() {
                return stored.isGenerated() || get() != stored.get();
            }
        };
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return check(sessions.loadContext(holder), holder.getRequest());
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        sessions.saveContext(context, request, response);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return sessions.containsContext(request);
    }

    private SecurityContext check(SecurityContext context, HttpServletRequest request) {
        Authentication auth = context.getAuthentication();
        HttpSession session = request.getSession(false);
        if (session == null || auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return context;
        }
        Optional<Accounts.Standing> standing;
        try {
            standing = accounts.standing(auth.getName());
        } catch (DataAccessException e) {
            return context;
        }
        Object seen = session.getAttribute(EPOCH);
        boolean valid = standing.filter(Accounts.Standing::enabled)
                .filter(s -> auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + s.role().name())))
                .filter(s -> seen == null || seen.equals(s.sessionEpoch()))
                .isPresent();
        if (!valid) {
            session.invalidate();
            request.setAttribute(ENDED, Boolean.TRUE);
            return SecurityContextHolder.createEmptyContext();
        }
        if (seen == null) {
            session.setAttribute(EPOCH, standing.get().sessionEpoch());
        }
        return context;
    }
}
