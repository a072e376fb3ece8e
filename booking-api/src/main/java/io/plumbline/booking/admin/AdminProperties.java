package io.plumbline.booking.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The service credential of the admin API ({@code plumbline.booking.admin.*}). No default: the service does not
 * start without it, so the admin API is never open.
 */
@Validated
@ConfigurationProperties("plumbline.booking.admin")
public record AdminProperties(@NotBlank String username, @NotBlank @Size(min = 16, message = "must be at least 16 characters") String password) {

    @Override
    public String toString() {
        return "AdminProperties[" + username + ", ****]";
    }
}
