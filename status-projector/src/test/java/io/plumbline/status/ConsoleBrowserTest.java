package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.kafka.EventPublisher;
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

/** The console in headless Chromium: sign-in, lockout, CSRF, the live stream; plus the allow-list over HTTP. */
class ConsoleBrowserTest extends StatusProjectorTestSupport {

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    EventPublisher publisher;

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

    @Test
    void wrongPasswordsLockTheAccount() throws Exception {
        String user = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "correct-horse-battery";
        accounts.create(user, password, Accounts.Role.VIEWER);
        for (int i = 0; i < 3; i++) {
            signIn(user, "wrong-password-" + i);
            await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("login-error")).isEmpty());
        }
        signIn(user, password);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/login?error"));
        assertThat(browser.findElements(By.id("live-stream"))).isEmpty();
        screenshot("login-locked");
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
}
