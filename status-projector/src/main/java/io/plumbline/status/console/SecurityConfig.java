package io.plumbline.status.console;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may do what, decided only here, by Spring Security on its normalised path (its {@code StrictHttpFirewall}
 * refuses ambiguous spellings first, answered by {@link #requestRejected()} with a 400 problem detail). Two chains:
 * {@code /api/**} is stateless HTTP Basic against the console accounts (no session cookie, so no CSRF surface);
 * everything else is the console with form login, sessions and CSRF. Every rule but the health probes' is combined
 * with the allow-list ({@link ConsoleAccess}); strangers get 403 before any login form. Changes need {@code ADMIN};
 * {@code VIEWER} reads; account management ({@code /accounts}) is admin-only, and everyone may change their own
 * password. A session ends at its next request once its account is disabled, deleted, given another role or a new
 * password ({@link AccountStanding}). Sign-in is throttled, never locked ({@link LoginThrottle}). Security headers
 * (CSP, frame-ancestors 'none') everywhere.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static final String[] HEALTH = {"/actuator/health", "/actuator/health/**"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** The one authentication manager of both chains: allow-list, throttle, then the password. */
    @Bean
    AuthenticationManager consoleAuthentication(Accounts accounts, PasswordEncoder encoder, LoginThrottle throttle,
            ConsoleAccess access, ApplicationEventPublisher events) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(new ThrottledAuthentication(passwords, throttle, access));
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    /** Firewall rejections (encoded slashes, {@code ;}, {@code ..}, bad characters) are the client's mistake: 400. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, e) -> Problems.write(response, 400, "Bad Request",
                "the request was rejected: its path, a header or a parameter is malformed", null);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authentication, ConsoleAccess access) throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(authentication)
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/**").access(access.inside(role("ADMIN", "VIEWER")))
                        .anyRequest().access(access.inside(role("ADMIN"))))
                .httpBasic(basic -> basic.authenticationEntryPoint(apiEntryPoint(access))
                        .authenticationDetailsSource(details(access)))
                .exceptionHandling(e -> e.authenticationEntryPoint(apiEntryPoint(access))
                        .accessDeniedHandler((request, response, denied) -> {
                            if (!access.allowed(request)) {
                                ConsoleAccess.refuseStranger(response);
                            } else {
                                Problems.write(response, 403, "Forbidden", "this account may not do this", null);
                            }
                        }))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager authentication, ConsoleAccess access,
            Accounts accounts) throws Exception {
        http.authenticationManager(authentication)
                .authorizeHttpRequests(auth -> auth
                        // an error page is rendered for a request that was authorised (or refused) already
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HEALTH).permitAll()
                        .requestMatchers("/actuator/prometheus", "/actuator/info").access(access.allowList())
                        .requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/error").access(access.allowList())
                        .requestMatchers("/actuator/**").access(access.inside(role("ADMIN")))
                        .requestMatchers("/accounts", "/accounts/**").access(access.inside(role("ADMIN")))
                        .requestMatchers("/account/password").access(access.inside(role("ADMIN", "VIEWER")))
                        .requestMatchers(HttpMethod.GET, "/**").access(access.inside(role("ADMIN", "VIEWER")))
                        .anyRequest().access(access.inside(role("ADMIN"))))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true)
                        .failureHandler(LoginPage.failureHandler()).authenticationDetailsSource(details(access)))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .securityContext(c -> c.securityContextRepository(new AccountStanding(accounts)))
                .sessionManagement(s -> s.sessionFixation(f -> f.newSession()))
                .exceptionHandling(e -> e.authenticationEntryPoint(consoleEntryPoint(access))
                        .accessDeniedHandler(strangersFirst(access, new AccessDeniedHandlerImpl())))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Signed in with one of these roles, and authenticated for real (not anonymous). */
    private static AuthorizationManager<RequestAuthorizationContext> role(String... roles) {
        return roles.length == 1 ? AuthorityAuthorizationManager.hasRole(roles[0]) : AuthorityAuthorizationManager.hasAnyRole(roles);
    }

    /** The client address that the allow-list, the throttle and the audit log see, as the sign-in's details. */
    private static AuthenticationDetailsSource<HttpServletRequest, WebAuthenticationDetails> details(ConsoleAccess access) {
        return request -> new WebAuthenticationDetails(access.clientAddress(request), null);
    }

    /** Strangers: 403; an ended session: the form saying so; otherwise the sign-in form. */
    private static AuthenticationEntryPoint consoleEntryPoint(ConsoleAccess access) {
        LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
        return (request, response, e) -> {
            if (!access.allowed(request)) {
                ConsoleAccess.refuseStranger(response);
            } else if (request.getAttribute(AccountStanding.ENDED) != null) {
                response.sendRedirect(request.getContextPath() + "/login?ended");
            } else {
                login.commence(request, response, e);
            }
        };
    }

    /** Strangers: 403; throttled: 429 with {@code Retry-After}; otherwise 401 asking for Basic credentials. */
    private static AuthenticationEntryPoint apiEntryPoint(ConsoleAccess access) {
        return (request, response, e) -> {
            if (!access.allowed(request)) {
                ConsoleAccess.refuseStranger(response);
            } else if (e instanceof LoginThrottled throttled) {
                long seconds = throttled.retryAfterSeconds(Instant.now());
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                Problems.write(response, 429, "Too Many Requests", "too many failed sign-ins from this address or for "
                        + "this account; try again in " + seconds + " s", Map.of("retryAfterSeconds", seconds));
            } else {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"plumbline console\"");
                Problems.write(response, 401, "Unauthorized", "sign in with HTTP Basic as a console account", null);
            }
        };
    }

    private static AccessDeniedHandler strangersFirst(ConsoleAccess access, AccessDeniedHandler otherwise) {
        return (request, response, denied) -> {
            if (!access.allowed(request)) {
                ConsoleAccess.refuseStranger(response);
            } else {
                otherwise.handle(request, response, denied);
            }
        };
    }
}
