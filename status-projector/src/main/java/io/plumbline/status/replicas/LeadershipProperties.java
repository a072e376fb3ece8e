package io.plumbline.status.replicas;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Leader election settings ({@code plumbline.leadership.*}).
 *
 * @param enabled        {@code false}: this instance always leads (a single replica, or a test that wants every source)
 * @param groupId        the consumer group whose one partition is the leadership; every replica of one deployment
 *                       must use the same
 * @param sessionTimeout how long a silent leader keeps the partition before the broker hands it to another replica
 *                       (at least the broker's {@code group.min.session.timeout.ms}, 6 s by default)
 */
@Validated
@ConfigurationProperties("plumbline.leadership")
public record LeadershipProperties(@DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("status-projector-leader") String groupId,
        @NotNull @DefaultValue("6s") Duration sessionTimeout) {
}
