package io.plumbline.booking.writer;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The read-only data source for look-ups ({@code plumbline.booking.replica.*}): the replica, or ProxySQL's reader hostgroup. */
@Validated
@ConfigurationProperties("plumbline.booking.replica")
public record ReplicaProperties(@NotBlank String url, @NotBlank String username, @NotBlank String password) {

    @Override
    public String toString() {
        return "ReplicaProperties[" + url + ", " + username + ", ****]";
    }
}
