package io.plumbline.alerting.interaction;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code X-Slack-Signature = v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))},
 * with {@code X-Slack-Request-Timestamp} no more than five minutes off (replay protection).
 */
final class SlackSignature {

    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final byte[] secret;
    private final Clock clock;

    SlackSignature(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** @return null when valid, otherwise why not */
    String problem(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            return "X-Slack-Request-Timestamp and X-Slack-Signature are required";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return "X-Slack-Request-Timestamp is not a Unix time";
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) {
            return "X-Slack-Request-Timestamp is too old or in the future";
        }
        byte[] expected = sign(new String(secret, StandardCharsets.UTF_8), timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8)) ? null
                : "X-Slack-Signature does not match";
    }
}
