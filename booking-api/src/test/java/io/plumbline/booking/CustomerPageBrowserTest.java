package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The customer page in a real headless Chromium: book a repair, then look it up. Screenshots in target/screenshots. */
class CustomerPageBrowserTest extends BookingApiTestSupport {

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary("PLUMBLINE_CHROMIUM", "chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1200,1100", "--lang=ko-KR", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "ko-KR,ko"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(binary("PLUMBLINE_CHROMEDRIVER", "chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void customerBooksARepairAndLooksItUp() throws Exception {
        driver.get(url("/"));
        assertThat(driver.getTitle()).isEqualTo("배관 수리 예약");
        OffsetDateTime slot = freeSlot();
        driver.findElement(By.id("name")).sendKeys("이영희");
        driver.findElement(By.id("phone")).sendKeys("010-9876-4321");
        driver.findElement(By.id("address")).sendKeys("부산시 해운대구 우동 100");
        new Select(driver.findElement(By.id("issueType"))).selectByValue("BOILER");
        driver.findElement(By.id("description")).sendKeys("보일러에서 물이 샙니다");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.getElementById('date').value = arguments[0];", slot.toLocalDate().toString());
        new Select(driver.findElement(By.id("time"))).selectByValue(String.format("%02d:00", slot.getHour()));
        screenshot("booking-form");
        driver.findElement(By.id("submit")).click();

        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.id("booking-result")).getText().isBlank());
        String code = driver.findElement(By.id("booking-result")).getDomAttribute("data-code");
        assertThat(code).matches("RES-[0-9]{8}-[A-Z0-9]{6}");
        assertThat(driver.findElement(By.id("booking-result")).getText()).contains("예약이 접수되었습니다").contains(code);
        screenshot("booked");

        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("last4")).sendKeys("4321");
        driver.findElement(By.cssSelector("#lookup-form button")).click();
        wait.until(d -> d.findElement(By.id("lookup-result")).isDisplayed());
        assertThat(driver.findElement(By.id("r-code")).getText()).isEqualTo(code);
        assertThat(driver.findElement(By.id("r-status")).getText()).isEqualTo("접수");
        screenshot("looked-up");
    }

    @Test
    void theServersAnswerShowsUnderTheFieldItConcerns() throws Exception {
        OffsetDateTime slot = freeSlot();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 2; i++) { // two technicians per slot: fill it
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/bookings")))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bookingJson(slot, "010-1111-000" + i))).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        driver.get(url("/"));
        driver.findElement(By.id("name")).sendKeys("박민수");
        driver.findElement(By.id("phone")).sendKeys("010-1111-2222");
        driver.findElement(By.id("address")).sendKeys("대전시 유성구 1");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.getElementById('date').value = arguments[0];", slot.toLocalDate().toString());
        new Select(driver.findElement(By.id("time"))).selectByValue(String.format("%02d:00", slot.getHour()));
        driver.findElement(By.id("submit")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.cssSelector(".error[data-for='slotStart']")).getText().isBlank());
        assertThat(driver.findElement(By.cssSelector(".error[data-for='slotStart']")).getText()).contains("마감");
        screenshot("slot-full");
    }

    @Test
    void theMaintenanceBannerAppearsAndGoesWithoutAReload() throws Exception {
        driver.get(url("/"));
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.id("maintenance-banner")).isDisplayed());
        java.time.Instant end = java.time.Instant.now().plus(Duration.ofHours(2));
        publish(io.plumbline.events.maintenance.MaintenanceStateChanged.Mode.EMERGENCY, end);
        wait.until(d -> d.findElement(By.id("maintenance-banner")).isDisplayed());
        assertThat(driver.findElement(By.id("maintenance-reason")).getText()).isEqualTo("배관 서버 점검 중입니다.");
        assertThat(driver.findElement(By.id("maintenance-until")).getText()).startsWith("예상 종료:");
        assertThat(driver.findElement(By.id("submit")).isEnabled()).isFalse();
        screenshot("maintenance-banner");
        publish(io.plumbline.events.maintenance.MaintenanceStateChanged.Mode.OFF, null);
        wait.until(d -> !d.findElement(By.id("maintenance-banner")).isDisplayed());
        assertThat(driver.findElement(By.id("submit")).isEnabled()).isTrue();
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.plumbline.events.kafka.EventPublisher events;

    private void publish(io.plumbline.events.maintenance.MaintenanceStateChanged.Mode mode, java.time.Instant end) {
        var state = new io.plumbline.events.maintenance.MaintenanceStateChanged(
                io.plumbline.events.maintenance.MaintenanceStateChanged.BOOKINGS, mode,
                new io.plumbline.events.maintenance.MaintenanceStateChanged.Reason("배관 서버 점검 중입니다.", "Server maintenance."),
                null, end, new io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy(
                        io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy.Kind.ADMIN, "test"),
                System.nanoTime(), java.time.Instant.now());
        events.publishAndWait(io.plumbline.events.Topics.MAINTENANCE, java.util.UUID.randomUUID().toString(), state,
                java.time.Instant.now(), Duration.ofSeconds(10));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The browser from the environment (GitHub Actions has Chrome), else Debian's package. */
    private static String binary(String env, String command, String fallback) {
        String configured = System.getenv(env);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            File f = new File(dir, command);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return fallback;
    }
}
