package io.plumbline.status.console;

import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The one way into the console, for the form login and the API's HTTP Basic alike: strangers (outside the allow-list)
 * are refused, then the {@link LoginThrottle} is asked, then the password is checked against the console accounts.
 * The client address comes from the request details ({@link SecurityConfig} builds them with
 * {@link ConsoleAccess#clientAddress}).
 */
final class ThrottledAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final ConsoleAccess access;

    ThrottledAuthentication(AuthenticationProvider passwords, LoginThrottle throttle, ConsoleAccess access) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.access = access;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        if (!access.allowed(address)) {
            throw new BadCredentialsException("client address not on the allow-list");
        }
        LoginThrottle.Attempt attempt = throttle.begin(address, authentication.getName());
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (BadCredentialsException | AccountStatusException e) {
            throttle.failed(attempt);
            throw e;
        }
        throttle.succeeded(attempt);
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
