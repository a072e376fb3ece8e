package io.plumbline.booking.support;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/** Korean by default, English through {@code Accept-Language}; one clock for every rule that reads the time. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    @Bean
    LocaleResolver localeResolver() {
        AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver() {
            /** An Accept-Language the firewall refuses (raw non-ASCII bytes) is no reason to fail: the default language. */
            @Override
            public Locale resolveLocale(jakarta.servlet.http.HttpServletRequest request) {
                try {
                    return super.resolveLocale(request);
                } catch (org.springframework.security.web.firewall.RequestRejectedException e) {
                    return Locale.KOREAN;
                }
            }
        };
        resolver.setDefaultLocale(Locale.KOREAN);
        resolver.setSupportedLocales(List.of(Locale.KOREAN, Locale.ENGLISH));
        return resolver;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
