package io.plumbline.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.status.console.Accounts;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The console in headless Chromium: sign-in, throttling, CSRF, the live stream; plus the allow-list over HTTP. */
class ConsoleBrowserTest extends StatusProjectorTestSupport {

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    EventPublisher publisher;

    @Autowired
    io.plumbline.status.audit.AuditLog audit;

    @BeforeAll
    static void startBrowser() throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=412,915", "--lang=ko-KR", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ko-KR,ko"));
        String driver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void adminSignsInAndSeesAnAlertArriveInTheLiveStreamWithoutReload() throws Exception {
        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        assertThat(browser.findElement(By.id("maintenance-mode")).getText()).isNotBlank();
        assertThat(browser.getPageSource()).contains("DB 토폴로지");

        String instance = "k8s-n" + UUID.randomUUID().toString().substring(0, 4);
        Alert alert = new Alert("fp-live-" + instance, Map.of("alertname", "InstanceDown", "instance", instance,
                "severity", "critical"), Map.of("summary", "node down"), Instant.now(), null, null, "r", "g", "u");
        Instant sent = Instant.now();
        publisher.publishAndWait(Topics.ALERTS, UUID.randomUUID().toString(), new AlertFiring(alert), sent, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                browser.findElement(By.id("live-stream")).getText().contains(instance));
        screenshot("overview-top");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('topology').scrollIntoView()");
        screenshot("overview-topology");
    }

    private void metric(String name, Instant at, MetricSampled.Sample... samples) {
        publisher.publishAndWait(Topics.METRICS, UUID.randomUUID().toString(),
                new MetricSampled(name, "test", List.of(samples), at), at, Duration.ofSeconds(10));
    }

    private static MetricSampled.Sample sample(String label, String value, double v) {
        return new MetricSampled.Sample(Map.of(label, value), v, Instant.now());
    }

    private String card(String key) {
        return browser.findElement(By.id("card-" + key)).getText();
    }

    @Test
    void theSeedsCardsShowReadableValuesWithTheirAgeAGrafanaLinkAndGreyWhenStale() throws Exception {
        Instant now = Instant.now();
        metric("cpu-busy-percent", now, sample("instance", "it-a:9100", 12.34), sample("instance", "it-b:9100", 40.0));
        metric("memory-used-percent", now, sample("instance", "it-a:9100", 55.5));
        metric("disk-used-percent", now, sample("instance", "it-a:9100", 71.26));
        metric("network-receive-bytes-per-second", now, sample("instance", "it-a:9100", 1_572_864));
        metric("pod-health-percent", now, sample("job", "kube", 96.0));
        metric("node-up", now, sample("instance", "it-a:9100", 1), sample("instance", "it-b:9100", 1),
                sample("instance", "it-c:9100", 0));
        metric("mysql-qps", now, sample("instance", "mysql-m:9104", 123.4));
        metric("mysql-connections", now, sample("instance", "mysql-m:9104", 17));
        metric("mysql-slow-queries", now, sample("instance", "mysql-m:9104", 3));
        metric("mysql-replication-lag-seconds", now, sample("instance", "mysql-s:9104", 0.4));
        metric("vip-master", now, sample("instance", "bastion-m:9165", 2), sample("instance", "bastion-s:9165", 1));
        metric("vip-uptime-seconds", now.minus(Duration.ofHours(1)), sample("job", "keepalived", 3 * 86400 + 4 * 3600));
        metric("ingress-latency-p99-seconds", now, sample("le", "", 0.182));
        metric("ingress-http-status-rate", now, sample("status", "200", 9.5), sample("status", "404", 0.4),
                sample("status", "500", 0.1));
        metric("error-log-count", now, sample("job", "plumbline", 12));

        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            browser.navigate().refresh();
            return !browser.findElements(By.id("card-errors")).isEmpty() && card("errors").contains("최근 1시간 12건")
                    && card("vip").contains("3일 4시간");
        });
        assertThat(card("infrastructure")).contains("인프라", "평균 26.2% · 최대 40%", "55.5%", "71.3%", "1.5 MB/s");
        assertThat(card("kubernetes")).contains("96%", "2 / 3대");
        assertThat(card("mysql")).contains("123.4회/초", "17", "최근 1시간 3건", "0.4초");
        assertThat(card("vip")).contains("bastion-m (마스터)", "3일 4시간", "오래된 데이터");
        assertThat(card("ingress")).contains("182ms", "2xx 95% · 4xx 4% · 5xx 1%");
        assertThat(browser.findElement(By.id("card-vip")).getAttribute("class")).contains("stale");
        assertThat(browser.findElement(By.id("card-mysql")).getAttribute("class")).doesNotContain("stale");
        assertThat(browser.findElement(By.cssSelector("#card-mysql a.grafana")).getAttribute("href"))
                .isEqualTo("http://127.0.0.1:3000/d/plumbline-overview/platform-overview?viewPanel=9");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('status-cards').scrollIntoView()");
        screenshot("overview-cards");

        String english = ConsoleSession.signIn(port, "admin", adminPassword()).get("/", "en").body();
        assertThat(english).contains("Replication lag", "123.4/s", "bastion-m (master)", "3d 4h", "12 in the last hour");
    }

    /** The browser's requests speak for {@code address} (127.0.0.1 is a trusted proxy in the tests). */
    private static void speakFor(String address) {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers",
                address == null ? Map.of() : Map.of("X-Forwarded-For", address)));
    }

    @Test
    void wrongPasswordsSlowTheAddressDownAndTheFormSaysWhenToRetry() throws Exception {
        String user = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "correct-horse-battery";
        accounts.create(user, password, Accounts.Role.VIEWER);
        speakFor("127.0.0.60"); // its own address, so the other tests' sign-ins are not slowed
        try {
            for (int i = 0; i < 3; i++) {
                signIn(user, "wrong-password-" + i);
                await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("login-error")).isEmpty());
            }
            signIn(user, password);
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/login?throttled"));
            assertThat(browser.findElement(By.id("login-throttled")).getText()).contains("로그인 실패가 너무 많아", "초 뒤");
            assertThat(browser.findElements(By.id("live-stream"))).isEmpty();
            screenshot("login-throttled");
        } finally {
            speakFor(null);
        }
        // the account is not locked: from another address the right password signs in at once
        signIn(user, password);
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
    }

    @Test
    void formPostWithoutCsrfTokenIsRejected() {
        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch('/maintenance/end', {method: 'POST', credentials: 'same-origin', redirect: 'manual'})"
                        + ".then(function (r) { done(r.status); }, function (e) { done('error ' + e); });");
        assertThat(status).isEqualTo(403L);
    }

    @Test
    void addressesOutsideTheAllowListGet403BeforeTheLoginPage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> outside = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(outside.body()).doesNotContain("password");
        HttpResponse<String> inside = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("X-Forwarded-For", "127.0.0.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inside.statusCode()).isEqualTo(200);
        assertThat(inside.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        HttpResponse<String> english = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(english.body()).contains("Admin sign-in");
        assertThat(inside.body()).contains("관리자 로그인");
    }

    private static final String NOTICE = "{\"id\":\"a1b2c3d4-0000-4000-8000-000000000001\",\"title\":\"설 연휴 휴무 안내\","
            + "\"body\":\"2월 9일부터 12일까지 접수만 받습니다.\",\"pinned\":true,\"createdBy\":\"admin\","
            + "\"createdAt\":\"2026-11-25T01:00:00Z\",\"updatedAt\":\"2026-11-25T01:00:00Z\"}";

    private void stubAnnouncements() {
        bookingApi().resetAll();
        bookingApi().stubFor(get(urlEqualTo("/api/admin/announcements")).willReturn(okJson("[" + NOTICE + "]")));
        bookingApi().stubFor(post(urlEqualTo("/api/admin/announcements")).willReturn(okJson(NOTICE).withStatus(201)));
        bookingApi().stubFor(put(urlEqualTo("/api/admin/announcements/a1b2c3d4-0000-4000-8000-000000000001")).willReturn(okJson(NOTICE)));
        bookingApi().stubFor(delete(urlEqualTo("/api/admin/announcements/a1b2c3d4-0000-4000-8000-000000000001"))
                .willReturn(aResponse().withStatus(204)));
    }

    @Test
    void adminPublishesEditsAndWithdrawsAnnouncementsThroughBookingApiAndEachChangeIsAudited() throws Exception {
        stubAnnouncements();
        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        browser.get(url("/announcements"));
        assertThat(browser.findElement(By.cssSelector("article.announcement h3")).getText()).contains("설 연휴 휴무 안내");

        browser.findElement(By.cssSelector("#announcement-new summary")).click();
        browser.findElement(By.cssSelector("#announcement-create input[name=title]")).sendKeys("수도 공사 안내");
        browser.findElement(By.cssSelector("#announcement-create textarea[name=body]")).sendKeys("11월 30일 오전 단수");
        browser.findElement(By.cssSelector("#announcement-create input[name=pinned]")).click();
        screenshot("announcements-new");
        browser.findElement(By.cssSelector("#announcement-create button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("announcement-notice")).isEmpty());
        bookingApi().verify(postRequestedFor(urlEqualTo("/api/admin/announcements"))
                .withHeader("X-Plumbline-Actor", equalTo("admin"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("console",
                        io.plumbline.localstack.testing.PlumblineStack.properties(io.plumbline.localstack.infra.ServiceDefinition.STATUS_PROJECTOR).get("plumbline.console.booking-api.password")))
                .withRequestBody(equalToJson("{\"title\":\"수도 공사 안내\",\"body\":\"11월 30일 오전 단수\",\"pinned\":true}")));

        browser.findElement(By.cssSelector("article.announcement details summary")).click();
        var title = browser.findElement(By.cssSelector("article.announcement details input[name=title]"));
        title.clear();
        title.sendKeys("설 연휴 휴무 안내 (변경)");
        browser.findElement(By.cssSelector("article.announcement details button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("announcement-notice")).isEmpty());
        bookingApi().verify(putRequestedFor(urlEqualTo("/api/admin/announcements/a1b2c3d4-0000-4000-8000-000000000001"))
                .withHeader("X-Plumbline-Actor", equalTo("admin"))
                .withRequestBody(equalToJson("{\"title\":\"설 연휴 휴무 안내 (변경)\",\"body\":\"2월 9일부터 12일까지 접수만 받습니다.\",\"pinned\":true}")));

        browser.findElement(By.cssSelector("article.announcement button.danger")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("announcement-notice")).isEmpty());
        bookingApi().verify(deleteRequestedFor(urlEqualTo("/api/admin/announcements/a1b2c3d4-0000-4000-8000-000000000001"))
                .withHeader("X-Plumbline-Actor", equalTo("admin")));
        screenshot("announcements");

        assertThat(audit.recent(20)).extracting(e -> e.actor() + " " + e.action() + " " + e.target())
                .contains("admin announcement.publish a1b2c3d4-0000-4000-8000-000000000001",
                        "admin announcement.edit a1b2c3d4-0000-4000-8000-000000000001",
                        "admin announcement.withdraw a1b2c3d4-0000-4000-8000-000000000001");
    }

    @Test
    void viewerReadsAnnouncementsButCannotChangeThem() {
        stubAnnouncements();
        String user = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.create(user, "viewer-password-123", Accounts.Role.VIEWER);
        signIn(user, "viewer-password-123");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        browser.get(url("/announcements"));
        assertThat(browser.findElement(By.cssSelector("article.announcement h3")).getText()).contains("설 연휴 휴무 안내");
        assertThat(browser.findElements(By.tagName("form"))).as("only the sign-out form").hasSize(1);
        // with a valid CSRF token (taken from the sign-out form) the viewer's change is still refused
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "var token = document.querySelector('form input[name=_csrf]').value;"
                        + "fetch('/announcements/a1b2c3d4-0000-4000-8000-000000000001/withdraw', {method: 'POST',"
                        + " credentials: 'same-origin', redirect: 'manual', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                        + " body: '_csrf=' + encodeURIComponent(token)})"
                        + ".then(function (r) { done(r.status); }, function (e) { done('error ' + e); });");
        assertThat(status).isEqualTo(403L);
        bookingApi().verify(0, deleteRequestedFor(urlEqualTo("/api/admin/announcements/a1b2c3d4-0000-4000-8000-000000000001")));
    }

    @Test
    void errorLinesFromLokiAppearInTheLiveStreamAndOnTheOverview() throws Exception {
        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        assertThat(browser.findElement(By.id("loki-query")).getText()).isEqualTo("{namespace=\"plumbline\"} |= \"ERROR\"");

        String marker = "ERROR pool exhausted " + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now();
        long ns = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        lokiAnswers("{\"stream\":{\"namespace\":\"plumbline\",\"pod\":\"booking-api-7d9c\"},\"values\":[[\"" + ns + "\",\""
                + marker + "\"]]}");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("live-stream")).getText().contains(marker));
            browser.navigate().refresh();
            await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("loki-lines")).isEmpty());
            assertThat(browser.findElement(By.id("loki-lines")).getText()).contains("booking-api-7d9c").contains(marker);
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('error-logs').scrollIntoView()");
            screenshot("overview-loki");
        } finally {
            lokiAnswers("");
        }
    }

    @Test
    void adminCreatesAViewerWhoCannotOpenAccountsAndCannotSignInOnceDisabled() throws Exception {
        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        browser.findElement(By.id("nav-accounts")).click();
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        browser.findElement(By.id("new-username")).sendKeys(viewer);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("new-role"))).selectByValue("VIEWER");
        browser.findElement(By.id("account-create-submit")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("generated-password")).isEmpty());
        String password = browser.findElement(By.id("generated-password")).getText();
        assertThat(browser.findElement(By.cssSelector("tr[data-username='" + viewer + "']")).getText()).contains("조회 전용", "사용 중");
        screenshot("accounts");

        signIn(viewer, password);
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        assertThat(browser.findElements(By.id("nav-accounts"))).isEmpty();
        browser.get(url("/accounts"));
        assertThat(browser.findElements(By.id("accounts"))).isEmpty();
        assertThat(browser.getPageSource()).contains("403");

        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        browser.get(url("/accounts"));
        browser.findElement(By.linkText(viewer)).click();
        browser.findElement(By.id("account-disable")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("accounts-notice")).isEmpty());
        assertThat(browser.findElement(By.id("account-state")).getText()).isEqualTo("비활성");
        screenshot("account-disabled");

        signIn(viewer, password);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/login?error"));
        assertThat(browser.findElements(By.id("live-stream"))).isEmpty();
        assertThat(audit.recent(20)).extracting(e -> e.actor() + " " + e.action() + " " + e.target())
                .contains("admin account.create " + viewer, "admin account.disable " + viewer);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledEvenByAForgedRequest() throws Exception {
        accounts.list().stream().filter(a -> a.role() == Accounts.Role.ADMIN && a.enabled() && !a.username().equals("admin"))
                .forEach(a -> accounts.setEnabled("admin", a.username(), false));
        signIn("admin", adminPassword());
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("live-stream")).isEmpty());
        browser.get(url("/accounts/admin"));
        assertThat(browser.findElement(By.id("last-admin")).getText()).contains("마지막 활성 관리자");
        assertThat(browser.findElement(By.id("account-disable")).isEnabled()).isFalse();

        // the button is disabled, so post the form the way a stale or crafted page would, with a valid CSRF token
        Object page = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "var token = document.querySelector('#account-enabled input[name=_csrf]').value;"
                        + "fetch('/accounts/admin/disable', {method: 'POST', credentials: 'same-origin',"
                        + " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: '_csrf=' + encodeURIComponent(token)})"
                        + ".then(function (r) { return r.text().then(function (t) { done(r.status + ' ' + t); }); },"
                        + " function (e) { done('error ' + e); });");
        assertThat(String.valueOf(page)).startsWith("200 ").contains("id=\"enabled-error\">마지막 활성 관리자는 비활성화하거나");
        assertThat(accounts.find("admin")).hasValueSatisfying(a -> assertThat(a.enabled()).isTrue());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('last-admin').scrollIntoView()");
        screenshot("account-last-admin");
    }
}
