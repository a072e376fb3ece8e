package io.plumbline.booking.booking;

import java.time.Duration;
import java.time.LocalTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Booking rules ({@code plumbline.booking.*}).
 *
 * @param techniciansPerSlot how many bookings one slot takes
 * @param lookupRateLimit    look-ups allowed per client address per {@code lookupRatePeriod}
 * @param maxBodySize        larger request bodies are refused with 413
 * @param bodyReadTimeout    a request body not complete by then is refused with 408 (see server.tomcat.* in
 *                           application.yml for the connection bounds it goes with)
 */
@Validated
@ConfigurationProperties("plumbline.booking")
public record BookingProperties(
        @Min(1) @Max(100) @DefaultValue("2") int techniciansPerSlot,
        @NotNull @DefaultValue("09:00") LocalTime openingTime,
        @NotNull @DefaultValue("18:00") LocalTime closingTime,
        @NotNull @DefaultValue("1h") Duration slotLength,
        @NotNull @DefaultValue("1h") Duration minLeadTime,
        @Min(1) @Max(365) @DefaultValue("60") int maxDaysAhead,
        @Min(1) @DefaultValue("20") int lookupRateLimit,
        @NotNull @DefaultValue("1m") Duration lookupRatePeriod,
        @NotNull @DefaultValue("16KB") DataSize maxBodySize,
        @NotNull @DefaultValue("10s") Duration bodyReadTimeout) {

    public SlotPolicy slotPolicy() {
        return new SlotPolicy(openingTime, closingTime, slotLength, minLeadTime, maxDaysAhead);
    }
}
