package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.status.audit.AuditLog;
import io.plumbline.status.console.Accounts;
import io.plumbline.status.console.LoginThrottle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sign-in is throttled, never locked: per client address and per account, with delays that grow, cleared by a
 * successful sign-in, audited and counted. The tests' throttle (application-test.yml): three failures at once, then
 * one every ten seconds; beyond six in ten minutes, one every 100 seconds. Each test speaks for its own loopback addresses through
 * {@code X-Forwarded-For}, so the other tests' sign-ins from 127.0.0.1 are not slowed.
 */
class LoginThrottleTest extends StatusProjectorTestSupport {

    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(10);

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    AuditLog audit;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** A loopback address no other test speaks for: inside the allow-list, with a throttle of its own. */
    private static String address() {
        int n = NEXT_ADDRESS.getAndIncrement();
        return "127.0." + (n / 250) + "." + (n % 250 + 2);
    }

    private HttpResponse<String> api(String from, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/maintenance/bookings"))
                .header("X-Forwarded-For", from).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double throttled(String reason) {
        return meters.counter("plumbline.console.login.throttled", "reason", reason).count();
    }

    @Test
    void anAttackerCannotKeepTheAdminOut() throws Exception {
        String admin = fresh("admin");
        accounts.create(admin, "the-admins-password", Accounts.Role.ADMIN);
        double byAccount = throttled("account");
        // twelve attacker addresses, each guessing over and over, through the form and the API
        for (int a = 0; a < 12; a++) {
            String attacker = address();
            ConsoleSession form = ConsoleSession.anonymous(port, attacker);
            for (int i = 0; i < 3; i++) {
                assertThat(form.attempt(admin, "guess-" + a + "-" + i).uri().getQuery()).isIn("error", "throttled");
                assertThat(api(attacker, admin, "api-guess-" + a + "-" + i).statusCode()).isIn(401, 429);
            }
        }
        assertThat(throttled("account")).as("attacker addresses that failed before wait for the account").isGreaterThan(byAccount);
        assertThat(throttle.accountThrottledUntil(admin)).as("the account's own bucket is spent").isNotNull();

        // the admin, at an address that has not failed, signs in at once: through the form and through the API
        ConsoleSession signedIn = ConsoleSession.signIn(port, address(), admin, "the-admins-password");
        assertThat(signedIn.get("/accounts", "en").statusCode()).isEqualTo(200);
        assertThat(api(address(), admin, "the-admins-password").statusCode()).isEqualTo(200);
        assertThat(accounts.find(admin)).hasValueSatisfying(a -> assertThat(a.enabled()).isTrue());
        accounts.setEnabled("admin", admin, false);
    }

    @Test
    void delaysGrowAsFailuresPileUpAndTheApiAnswers429WithRetryAfter() throws Exception {
        String from = address();
        // a new made-up username every time: only the address's throttle can slow this down
        java.util.function.Supplier<String> user = () -> fresh("nobody");
        for (int i = 0; i < 3; i++) {
            assertThat(api(from, user.get(), "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> first = api(from, user.get(), "wrong-3");
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(first.body()).contains("\"status\":429", "\"retryAfterSeconds\":");
        long firstWait = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
        assertThat(firstWait).isBetween(1L, 10L);

        List<Long> waits = new ArrayList<>(List.of(firstWait));
        for (int round = 0; round < 6 && waits.get(waits.size() - 1) <= 10; round++) {
            await().atMost(Duration.ofSeconds(20)).until(() -> throttle.addressThrottledUntil(from) == null);
            assertThat(api(from, user.get(), "wrong-again-" + round).statusCode()).as("the address may try again once the wait is over").isEqualTo(401);
            HttpResponse<String> refused = api(from, user.get(), "too-soon-" + round);
            assertThat(refused.statusCode()).isEqualTo(429);
            waits.add(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()));
        }
        assertThat(waits.get(waits.size() - 1)).as("waits " + waits + " grow from seconds to minutes").isGreaterThanOrEqualTo(30L);
    }

    @Test
    void aSuccessfulSignInClearsTheAddressesFailures() throws Exception {
        String from = address();
        String viewer = fresh("viewer");
        accounts.create(viewer, "viewer-password-1", Accounts.Role.VIEWER);
        assertThat(api(from, viewer, "wrong-1").statusCode()).isEqualTo(401);
        assertThat(api(from, viewer, "wrong-2").statusCode()).isEqualTo(401);
        assertThat(api(from, viewer, "viewer-password-1").statusCode()).isEqualTo(200);
        // without the reset the third failure would already be refused
        for (int i = 0; i < 3; i++) {
            assertThat(api(from, viewer, "wrong-after-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(api(from, viewer, "wrong-after-3").statusCode()).isEqualTo(429);
    }

    @Test
    void throttlingIsAuditedOncePerDecisionCountedForEveryRefusalAndTheFormSaysWhenToRetry() throws Exception {
        String from = address();
        String user = fresh("target");
        ConsoleSession form = ConsoleSession.anonymous(port, from);
        double before = throttled("address");
        for (int i = 0; i < 3; i++) {
            assertThat(form.attempt(user, "wrong-" + i).uri().getQuery()).isEqualTo("error");
        }
        HttpResponse<String> refused = form.attempt(user, "wrong-3");
        assertThat(refused.uri().getQuery()).isEqualTo("throttled");
        assertThat(refused.body()).containsPattern("id=\"login-throttled\">Too many failed sign-ins: sign-in is paused for "
                + "this address or account. Try again in \\d+ seconds");
        int refusals = 1;
        for (int i = 0; i < 6; i++) {
            refusals += api(from, user, "wrong-flood-" + i).statusCode() == 429 ? 1 : 0;
        }
        assertThat(refusals).isGreaterThanOrEqualTo(3);
        assertThat(throttled("address") - before).as("every refusal is counted").isEqualTo(refusals);
        List<AuditLog.Entry> decisions = audit.recent(200).stream()
                .filter(e -> e.action().equals("login.throttled") && e.actor().equals(from)).toList();
        assertThat(decisions).as("audited once per throttled period, not once per refused request")
                .isNotEmpty().hasSizeLessThan(refusals);
        assertThat(decisions).allSatisfy(e -> {
            assertThat(e.target()).isEqualTo(user);
            assertThat(e.detail()).contains("throttled by address", "retry after");
        });
    }
}
