package io.plumbline.status.console;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Console settings ({@code plumbline.console.*}).
 *
 * @param firstAdmin    the admin created on first start when no admin exists; no default password
 * @param loginThrottle how failed sign-ins slow down further attempts (per client address and per account)
 * @param bookingApi    where booking-api's admin API is and the service credential the console calls it with
 * @param allowList     who may reach the console at all (R8), checked before login
 * @param grafanaUrl    base URL of the Grafana deep links on every card
 * @param staleAfter    data older than this is shown greyed out as stale
 */
@Validated
@ConfigurationProperties("plumbline.console")
public record ConsoleProperties(@Valid @NotNull @DefaultValue FirstAdmin firstAdmin,
        @Valid @NotNull @DefaultValue LoginThrottle loginThrottle,
        @Valid @NotNull @DefaultValue BookingApi bookingApi, @Valid @NotNull @DefaultValue AllowList allowList,
        @NotNull @DefaultValue("http://127.0.0.1:3000") URI grafanaUrl, @NotNull @DefaultValue("5m") Duration staleAfter) {

    /**
     * @param cidrs          client addresses allowed to reach anything but health probes (CIDR list)
     * @param trustedProxies proxies whose {@code X-Forwarded-For} is believed (CIDR list); empty: never believed
     */
    public record AllowList(@NotNull @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> cidrs,
            @NotNull @DefaultValue({}) List<String> trustedProxies) {
    }

    public record FirstAdmin(String username, String password) {
    }

    /**
     * Throttling instead of an account lock-out: each list is a staircase of limits, so the wait between attempts
     * grows as failures pile up (the defaults: five at once, then one every 12 s; beyond 20 an hour, one every 3 min;
     * beyond 100 a day, one every 15 min). A successful sign-in clears both.
     *
     * @param perAddress failures one client address may make, whatever the account
     * @param perAccount failures one account may take; once spent, only addresses that already failed for this
     *                   account wait, so the right password from any other address still signs in
     * @param maxTracked addresses and accounts remembered at most (each list), so a flood of made-up names is bounded
     */
    public record LoginThrottle(@NotEmpty List<@Valid @NotNull Limit> perAddress,
            @NotEmpty List<@Valid @NotNull Limit> perAccount, @Min(100) @Max(10_000_000) int maxTracked) {

        private static final List<Limit> DEFAULT = List.of(new Limit(5, Duration.ofMinutes(1)),
                new Limit(20, Duration.ofHours(1)), new Limit(100, Duration.ofDays(1)));

        public LoginThrottle {
            perAddress = perAddress == null ? DEFAULT : perAddress;
            perAccount = perAccount == null ? DEFAULT : perAccount;
            maxTracked = maxTracked == 0 ? 100_000 : maxTracked;
        }

        public static LoginThrottle defaults() {
            return new LoginThrottle(null, null, 0);
        }

        /** Longest period of any limit: after that long without a failure, a key is forgotten (its bucket is full). */
        Duration longest() {
            return java.util.stream.Stream.concat(perAddress.stream(), perAccount.stream()).map(Limit::per)
                    .max(Duration::compareTo).orElseThrow();
        }
    }

    /**
     * @param failures failed sign-ins allowed at once, refilled evenly over {@code per}
     * @param per      the period over which they refill
     */
    public record Limit(@Min(1) @Max(1_000_000) int failures, @NotNull Duration per) {

        public Limit {
            if (per != null && (per.isNegative() || per.isZero())) {
                throw new IllegalArgumentException("per must be a positive duration");
            }
        }
    }

    public record BookingApi(@NotNull @DefaultValue("http://127.0.0.1:8080") URI url, String username, String password) {
    }
}
