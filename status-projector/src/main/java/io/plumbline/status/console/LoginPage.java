package io.plumbline.status.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in form. A throttled sign-in says so and when to try again: the time is kept in the session by
 * {@link #failureHandler()}, never taken from the URL, so a link cannot make the page say something else.
 */
@Controller
class LoginPage {

    private static final String RETRY_AT = LoginPage.class.getName() + ".retryAt";

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        Instant now = Instant.now();
        if (session != null && session.getAttribute(RETRY_AT) instanceof Instant retryAt && retryAt.isAfter(now)) {
            model.addAttribute("retrySeconds", Math.max(1, (Duration.between(now, retryAt).toMillis() + 999) / 1000));
            model.addAttribute("retryAt", retryAt);
        }
        return "login";
    }

    /** {@code /login?throttled} with the retry time in the session, or {@code /login?error}. */
    static AuthenticationFailureHandler failureHandler() {
        RedirectStrategy redirect = new DefaultRedirectStrategy();
        return (request, response, exception) -> {
            if (exception instanceof LoginThrottled throttled) {
                request.getSession().setAttribute(RETRY_AT, throttled.retryAt());
                redirect.sendRedirect(request, response, "/login?throttled");
            } else {
                redirect.sendRedirect(request, response, "/login?error");
            }
        };
    }
}
