package io.plumbline.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.plumbline.alerting.AlertingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class WebhookAuthenticationTest {

    private static AlertingProperties.Webhook webhook(String token, String password) {
        return new AlertingProperties.Webhook(token, "alertmanager", password, DataSize.ofMegabytes(1), 1000,
                Duration.ofSeconds(10));
    }

    private static int status(WebhookAuthentication auth, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/alertmanager/webhook");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        auth.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void acceptsBasicAuthAsAlertmanagerSendsIt() throws Exception {
        WebhookAuthentication auth = new WebhookAuthentication(webhook(null, "s3cret-password"));
        String good = "Basic " + Base64.getEncoder().encodeToString("alertmanager:s3cret-password".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("alertmanager:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(status(auth, good)).isEqualTo(200);
        assertThat(status(auth, bad)).isEqualTo(401);
        assertThat(status(auth, null)).isEqualTo(401);
        assertThat(status(auth, "Bearer s3cret-password")).isEqualTo(401);
    }

    @Test
    void refusesToStartWithoutACredentialOrWithAWeakToken() {
        assertThatThrownBy(() -> new WebhookAuthentication(webhook(null, null)))
                .hasMessageContaining("plumbline.alerting.webhook.bearer-token");
        assertThatThrownBy(() -> new WebhookAuthentication(webhook("short", null)))
                .hasMessageContaining("at least 16 characters");
    }
}
