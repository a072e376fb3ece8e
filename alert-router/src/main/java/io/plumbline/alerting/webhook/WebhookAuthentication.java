package io.plumbline.alerting.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.plumbline.alerting.AlertingProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Alertmanager's credential as Spring Security authentication, in the two forms its {@code http_config} sends:
 * {@code Authorization: Bearer <token>} (Spring Security's {@link AuthenticationFilter} with a converter and a
 * provider that compares in constant time) or basic auth ({@code httpBasic} against a single in-memory user). Either
 * grants {@link #AUTHORITY}. This class only establishes who is calling; which paths need the authority is decided by
 * the filter chain's request matchers on the normalised path, never here.
 */
public final class WebhookAuthentication {

    /** What Alertmanager's credential grants. */
    public static final String AUTHORITY = "ALERTMANAGER";

    private static final String BEARER = "bearer ";

    private final AuthenticationManager manager;
    private final boolean bearer;
    private final boolean basic;

    /** @throws IllegalStateException naming the key when no credential is set or the token is too weak */
    public WebhookAuthentication(AlertingProperties.Webhook webhook) {
        this.bearer = webhook.bearerToken() != null && !webhook.bearerToken().isBlank();
        this.basic = webhook.password() != null && !webhook.password().isBlank();
        if (!bearer && !basic) {
            throw new IllegalStateException("plumbline.alerting.webhook.bearer-token (or plumbline.alerting.webhook.password"
                    + " for basic auth) must be set: the Alertmanager webhook is never open");
        }
        if (bearer && webhook.bearerToken().length() < 16) {
            throw new IllegalStateException("plumbline.alerting.webhook.bearer-token must be at least 16 characters");
        }
        if (basic && (webhook.username() == null || webhook.username().isBlank())) {
            throw new IllegalStateException("plumbline.alerting.webhook.username must not be blank when"
                    + " plumbline.alerting.webhook.password is set");
        }
        List<AuthenticationProvider> providers = new ArrayList<>();
        if (bearer) {
            providers.add(new TokenProvider(webhook.bearerToken()));
        }
        if (basic) {
            // the hash is never stored anywhere, it only lives next to the configured password: it is here for
            // the constant-time comparison, so its work factor stays low enough for every notification
            PasswordEncoder encoder = new Pbkdf2PasswordEncoder("", 16, 1_000,
                    Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
            DaoAuthenticationProvider users = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                    User.withUsername(webhook.username()).password(encoder.encode(webhook.password()))
                            .authorities(AUTHORITY).build()));
            users.setPasswordEncoder(encoder);
            providers.add(users);
        }
        this.manager = new ProviderManager(providers);
    }

    /**
     * Puts both mechanisms on {@code http}. A request without a credential passes on anonymously (the request
     * matchers decide); a wrong one is answered by {@code failure} at once, on any path.
     */
    public void applyTo(HttpSecurity http, AuthenticationEntryPoint failure) throws Exception {
        http.authenticationManager(manager);
        if (basic) {
            http.httpBasic(b -> b.realmName("alertmanager").authenticationEntryPoint(failure));
        } else {
            http.httpBasic(b -> b.disable());
        }
        if (bearer) {
            AuthenticationFilter filter = new AuthenticationFilter(manager, WebhookAuthentication::bearerToken);
            filter.setSuccessHandler((request, response, authentication) -> { }); // go on to the controller
            filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(failure));
            http.addFilterBefore(filter, BasicAuthenticationFilter.class);
        }
    }

    /** The {@code WWW-Authenticate} challenge for a request without the credential. */
    public String challenge() {
        return bearer ? "Bearer realm=\"alertmanager\"" : "Basic realm=\"alertmanager\"";
    }

    /** {@code Authorization: Bearer <token>} (scheme case-insensitive, RFC 9110); null for no or another scheme. */
    private static Authentication bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            throw new BadCredentialsException("empty bearer token");
        }
        return new Token(token, false);
    }

    /** A bearer token as presented, then as accepted. */
    private static final class Token extends AbstractAuthenticationToken {

        private final String token;

        Token(String token, boolean accepted) {
            super(accepted ? AuthorityUtils.createAuthorityList(AUTHORITY) : AuthorityUtils.NO_AUTHORITIES);
            this.token = accepted ? null : token;
            setAuthenticated(accepted);
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return "alertmanager";
        }
    }

    /** Compares the presented token with the configured one in time independent of where they differ. */
    private static final class TokenProvider implements AuthenticationProvider {

        private final byte[] expected;

        TokenProvider(String token) {
            this.expected = token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            byte[] given = ((String) authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given)) {
                throw new BadCredentialsException("wrong bearer token");
            }
            return new Token(null, true);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return Token.class.isAssignableFrom(authentication);
        }
    }
}
