package io.plumbline.alerting;

import jakarta.servlet.DispatcherType;

import io.plumbline.alerting.web.Problems;
import io.plumbline.alerting.web.RejectedRequests;
import io.plumbline.alerting.webhook.WebhookAuthentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Machine-to-machine endpoints only, authorised in one place on the normalised path: Spring Security's
 * {@code StrictHttpFirewall} refuses ambiguous spellings (encoded slashes, dot segments, {@code ;}, ...) with a 400,
 * and the request matchers below see the decoded path exactly as Spring MVC routes it. The webhook needs Alertmanager's
 * credential ({@link WebhookAuthentication}); Slack's callbacks are open here because their controller verifies each
 * body's signature before reading it (both POST only); health and metrics are open; everything else is denied and
 * answered 404, as if it did not exist (401 on the webhook's path without the credential). No sessions, no CSRF tokens (no browser ever talks to this service).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(HttpSecurity http, AlertingProperties properties) throws Exception {
        WebhookAuthentication webhook = new WebhookAuthentication(properties.webhook());
        RequestMatcher webhookPath = PathPatternRequestMatcher.pathPattern("/alertmanager/webhook");
        AuthenticationEntryPoint entryPoint = DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor((request, response, e) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, webhook.challenge());
                    Problems.write(response, HttpStatus.UNAUTHORIZED, "Authorization header missing or wrong");
                }, webhookPath)
                .defaultEntryPoint((request, response, e) -> Problems.write(response, HttpStatus.NOT_FOUND,
                        "no such endpoint"))
                .build();
        webhook.applyTo(http, entryPoint);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) -> Problems.write(response,
                                HttpStatus.FORBIDDEN, "not allowed with this credential")))
                .authorizeHttpRequests(auth -> auth
                        // an error page renders whatever status the request already has; a client asking for
                        // /error itself is a request like any other (denied below)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/alertmanager/webhook").hasAuthority(WebhookAuthentication.AUTHORITY)
                        .requestMatchers(HttpMethod.POST, "/slack/interactions").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }

    /** Firewall rejections as 400 problem details (Spring Security's default lets them surface as errors). */
    @Bean
    RequestRejectedHandler rejectedRequests() {
        return new RejectedRequests();
    }
}
