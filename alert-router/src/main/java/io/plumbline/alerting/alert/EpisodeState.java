package io.plumbline.alerting.alert;

/**
 * Where one alert episode (a fingerprint with one {@code startsAt}) stands. An episode only moves forward:
 * firing, then resolved. Alertmanager HA peers and re-notifications repeat states and may deliver a "firing"
 * after the "resolved" of the same episode; such a firing is stale and must not re-open the alert.
 */
public enum EpisodeState {
    FIRING, RESOLVED;

    /** Whether an incoming {@code incoming} state moves an episode that is currently {@code known} (null: unseen). */
    public static boolean advances(EpisodeState known, EpisodeState incoming) {
        if (known == null) {
            return true;
        }
        return known == FIRING && incoming == RESOLVED;
    }

    public static EpisodeState of(String status) {
        return switch (status) {
            case "firing" -> FIRING;
            case "resolved" -> RESOLVED;
            default -> throw new IllegalArgumentException("unknown alert status " + status);
        };
    }
}
