package io.plumbline.alerting.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SlackSignatureTest {

    // Slack's documented example ("Verifying requests from Slack")
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String TS = "1531420618";

    private final SlackSignature signature = new SlackSignature(SECRET,
            Clock.fixed(Instant.ofEpochSecond(1531420618 + 30), ZoneOffset.UTC));

    @Test
    void acceptsSlacksDocumentedExample() {
        assertThat(SlackSignature.sign(SECRET, TS, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
        assertThat(signature.problem(TS, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                BODY.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void rejectsTamperedBodiesOldTimestampsAndMissingHeaders() {
        String good = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        assertThat(signature.problem(TS, good, (BODY + "x").getBytes(StandardCharsets.UTF_8))).contains("does not match");
        assertThat(signature.problem("1531420000", good, BODY.getBytes(StandardCharsets.UTF_8))).contains("too old");
        assertThat(signature.problem(null, good, BODY.getBytes(StandardCharsets.UTF_8))).contains("required");
        assertThat(signature.problem("abc", good, BODY.getBytes(StandardCharsets.UTF_8))).contains("Unix time");
    }
}
