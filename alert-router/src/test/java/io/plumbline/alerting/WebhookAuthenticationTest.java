package io.plumbline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.plumbline.alerting.webhook.WebhookAuthentication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alertmanager's basic-auth credential through the router's real filter chain ({@link SecurityConfiguration}), in
 * front of a stand-in for the webhook controller; the bearer form is exercised end to end by {@code AlertRouterTest}.
 */
@WebMvcTest(controllers = WebhookAuthenticationTest.Webhook.class,
        properties = {"plumbline.alerting.webhook.password=s3cret-password"})
@Import({SecurityConfiguration.class, WebhookAuthenticationTest.Webhook.class, WebhookAuthenticationTest.Settings.class})
class WebhookAuthenticationTest {

    @Autowired
    MockMvc mvc;

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AlertingProperties.class)
    static class Settings {
    }

    /** Stands where the webhook controller is: reaching it answers 200. */
    @RestController
    static class Webhook {
        @PostMapping("/alertmanager/webhook")
        String receive() {
            return "reached";
        }
    }

    private static AlertingProperties.Webhook webhook(String token, String password) {
        return new AlertingProperties.Webhook(token, "alertmanager", password, DataSize.ofMegabytes(1), 1000,
                Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    private MvcResult call(String authorization) throws Exception {
        var request = post("/alertmanager/webhook");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return mvc.perform(request).andReturn();
    }

    @Test
    void acceptsBasicAuthAsAlertmanagerSendsIt() throws Exception {
        String good = "Basic " + Base64.getEncoder().encodeToString("alertmanager:s3cret-password".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("alertmanager:guess".getBytes(StandardCharsets.UTF_8));
        String otherUser = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret-password".getBytes(StandardCharsets.UTF_8));
        assertThat(call(good).getResponse().getStatus()).isEqualTo(200);
        assertThat(call(good).getResponse().getContentAsString()).isEqualTo("reached");
        for (String refused : new String[] {bad, otherUser, null, "Bearer s3cret-password", "Basic !!!"}) {
            MvcResult result = call(refused);
            assertThat(result.getResponse().getStatus()).as(refused).isEqualTo(401);
            assertThat(result.getResponse().getContentType()).as(refused).startsWith("application/problem+json");
            assertThat(result.getResponse().getContentAsString()).as(refused).contains("\"status\":401")
                    .doesNotContain("reached");
        }
        assertThat(call(null).getResponse().getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"alertmanager\"");
    }

    @Test
    void refusesToStartWithoutACredentialOrWithAWeakToken() {
        assertThatThrownBy(() -> new WebhookAuthentication(webhook(null, null)))
                .hasMessageContaining("plumbline.alerting.webhook.bearer-token");
        assertThatThrownBy(() -> new WebhookAuthentication(webhook("short", null)))
                .hasMessageContaining("plumbline.alerting.webhook.bearer-token must be at least 16 characters");
        assertThatThrownBy(() -> new WebhookAuthentication(new AlertingProperties.Webhook(null, " ", "s3cret-password",
                DataSize.ofMegabytes(1), 1000, Duration.ofSeconds(10), Duration.ofMinutes(5))))
                .hasMessageContaining("plumbline.alerting.webhook.username");
    }
}
