package io.plumbline.status.web;

import io.plumbline.status.console.ConsoleProperties;
import java.time.Instant;
import java.time.ZoneId;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What every console page's layout needs: whether the user may change things, now, Grafana, staleness. */
@Component
public class ConsoleModel {

    /** The company's zone: the console shows and reads times in KST. */
    public static final ZoneId KST = ZoneId.of("Asia/Seoul");

    private final ConsoleProperties properties;

    ConsoleModel(ConsoleProperties properties) {
        this.properties = properties;
    }

    public void common(Model model) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        model.addAttribute("admin", auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
        model.addAttribute("now", Instant.now());
        model.addAttribute("grafana", properties.grafanaUrl().toString());
        model.addAttribute("staleAfter", properties.staleAfter());
    }
}
