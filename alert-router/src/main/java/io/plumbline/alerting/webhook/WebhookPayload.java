package io.plumbline.alerting.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Alertmanager's webhook body, version 4 (field names as Alertmanager sends them). */
record WebhookPayload(@NotNull @Pattern(regexp = "4", message = "must be \"4\"") String version,
        @NotBlank @Size(max = 200) String receiver,
        @NotNull @Pattern(regexp = "firing|resolved", message = "must be firing or resolved") String status,
        @NotEmpty List<@Valid @NotNull Item> alerts, Map<String, String> groupLabels, Map<String, String> commonLabels,
        Map<String, String> commonAnnotations, @Size(max = 2000) String externalURL,
        @NotBlank @Size(max = 4000) String groupKey, Integer truncatedAlerts) {

    /** One alert of the notification. */
    record Item(@NotNull @Pattern(regexp = "firing|resolved", message = "must be firing or resolved") String status,
            @NotEmpty Map<@NotBlank @Size(max = 200) String, @NotNull @Size(max = 8000) String> labels,
            Map<@NotBlank String, @NotNull @Size(max = 8000) String> annotations, @NotNull Instant startsAt,
            Instant endsAt, @Size(max = 2000) String generatorURL,
            @NotNull @Pattern(regexp = "[0-9a-f]{1,64}", message = "must be Alertmanager's hexadecimal fingerprint") String fingerprint) {
    }
}
