package io.plumbline.status.console;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Console settings ({@code plumbline.console.*}).
 *
 * @param firstAdmin  the admin created on first start when no admin exists; no default password
 * @param lockout     failed logins before an account is locked, and for how long
 * @param bookingApi  where booking-api's admin API is and the service credential the console calls it with
 * @param allowList   who may reach the console at all (R8), checked before login
 * @param grafanaUrl  base URL of the Grafana deep links on every card
 * @param staleAfter  data older than this is shown greyed out as stale
 */
@Validated
@ConfigurationProperties("plumbline.console")
public record ConsoleProperties(@Valid @NotNull @DefaultValue FirstAdmin firstAdmin, @Valid @NotNull @DefaultValue Lockout lockout,
        @Valid @NotNull @DefaultValue BookingApi bookingApi, @Valid @NotNull @DefaultValue AllowList allowList,
        @NotNull @DefaultValue("http://127.0.0.1:3000") URI grafanaUrl, @NotNull @DefaultValue("5m") Duration staleAfter) {

    /**
     * @param cidrs          client addresses allowed to reach anything but health probes (CIDR list)
     * @param trustedProxies proxies whose {@code X-Forwarded-For} is believed (CIDR list); empty: never believed
     */
    public record AllowList(@NotNull @DefaultValue({"127.0.0.0/8", "::1/128"}) java.util.List<String> cidrs,
            @NotNull @DefaultValue({}) java.util.List<String> trustedProxies) {
    }

    public record FirstAdmin(String username, String password) {
    }

    public record Lockout(@Min(1) @Max(100) @DefaultValue("5") int maxFailures,
            @NotNull @DefaultValue("15m") Duration duration) {
    }

    public record BookingApi(@NotNull @DefaultValue("http://127.0.0.1:8080") URI url, String username, String password) {
    }
}
