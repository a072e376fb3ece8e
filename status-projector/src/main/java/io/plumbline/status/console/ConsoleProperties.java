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
 */
@Validated
@ConfigurationProperties("plumbline.console")
public record ConsoleProperties(@Valid @NotNull @DefaultValue FirstAdmin firstAdmin, @Valid @NotNull @DefaultValue Lockout lockout,
        @Valid @NotNull @DefaultValue BookingApi bookingApi) {

    public record FirstAdmin(String username, String password) {
    }

    public record Lockout(@Min(1) @Max(100) @DefaultValue("5") int maxFailures,
            @NotNull @DefaultValue("15m") Duration duration) {
    }

    public record BookingApi(@NotNull @DefaultValue("http://127.0.0.1:8080") URI url, String username, String password) {
    }
}
